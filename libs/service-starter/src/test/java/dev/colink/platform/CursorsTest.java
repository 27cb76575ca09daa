package dev.colink.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.colink.platform.problems.ApiProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorsTest {

	@Test
	void aCursorTheApiWroteReadsBackItsSortKey() {
		for (String key : List.of("alice", "0.5|17|01a2-x", "ünïcödé name", "")) {
			assertThat(Cursors.decode(Cursors.encode(key))).isEqualTo(key);
		}
	}

	@Test
	void aCursorTheApiDidNotWriteIsRefused() {
		String plain = Base64.getUrlEncoder().withoutPadding().encodeToString("alice".getBytes(StandardCharsets.UTF_8));
		String written = Cursors.encode("alice");
		String altered = written.substring(0, 2) + (written.charAt(2) == 'A' ? 'B' : 'A') + written.substring(3);
		for (String cursor : List.of(plain, altered, "AAAA", "", "not base64!", "YWxpY2U", written + "A")) {
			assertThatExceptionOfType(ApiProblemException.class).as(cursor).isThrownBy(() -> Cursors.decode(cursor));
		}
	}

}
