package dev.colink.platform.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InternalSignaturesTest {

	private static final String SECRET = "a secret of the services only";

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private static final byte[] BODY = "{\"status\":\"clean\"}".getBytes(StandardCharsets.UTF_8);

	private final InternalSignatures signer = at(NOW, SECRET);

	@Test
	void aSignatureOfTheSameRequestVerifies() {
		String header = this.signer.sign("POST", "/files/1/scan-result", BODY);

		assertThat(header).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
		assertThat(at(NOW.plusSeconds(299), SECRET).verify("POST", "/files/1/scan-result", BODY, header)).isTrue();
	}

	@Test
	void anyChangeToTheRequestOrTheSecretFailsVerification() {
		String header = this.signer.sign("POST", "/files/1/scan-result", BODY);

		assertThat(this.signer.verify("PUT", "/files/1/scan-result", BODY, header)).isFalse();
		assertThat(this.signer.verify("POST", "/files/2/scan-result", BODY, header)).isFalse();
		assertThat(this.signer.verify("POST", "/files/1/scan-result",
				"{\"status\":\"infected\"}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
		assertThat(at(NOW, "another secret of 16+ chars").verify("POST", "/files/1/scan-result", BODY, header)).isFalse();
		String otherTime = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
		assertThat(this.signer.verify("POST", "/files/1/scan-result", BODY, otherTime)).isFalse();
	}

	@Test
	void aSignatureOutsideTheSkewIsRefused() {
		String header = this.signer.sign("POST", "/scan", BODY);

		assertThat(at(NOW.plusSeconds(301), SECRET).verify("POST", "/scan", BODY, header)).isFalse();
		assertThat(at(NOW.minusSeconds(301), SECRET).verify("POST", "/scan", BODY, header)).isFalse();
	}

	@Test
	void malformedOrMissingHeadersAreRefused() {
		for (String header : new String[] { null, "", "v1=00", "t=x,v1=00", "t=1,v1=zz", "t=1;v1=00" }) {
			assertThat(this.signer.verify("POST", "/scan", BODY, header)).as(header).isFalse();
		}
	}

	@Test
	void aShortSecretIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> at(NOW, "short"));
	}

	private static InternalSignatures at(Instant now, String secret) {
		return new InternalSignatures(secret, Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));
	}

}
