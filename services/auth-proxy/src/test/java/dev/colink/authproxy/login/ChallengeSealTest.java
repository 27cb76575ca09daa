package dev.colink.authproxy.login;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.authproxy.login.Challenge.Step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChallengeSealTest {

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private final String key = randomKey();

	private final ChallengeSeal seal = sealAt(this.key, NOW);

	@Test
	void aSealedChallengeOpensUnchangedAndStaysHeaderSized() {
		Challenge challenge = challenge(NOW.plus(Duration.ofMinutes(5)));

		String challengeId = this.seal.seal(challenge);

		assertThat(this.seal.open(challengeId)).contains(challenge);
		assertThat(challengeId).matches("[A-Za-z0-9_-]+");
		// what Keycloak 26.5 hands out: a 148-char session cookie, its hash, an action URL with four parameters
		assertThat(challengeId.length()).isLessThan(1000);
	}

	@Test
	void anotherInstanceWithTheSameKeyOpensIt() {
		Challenge challenge = challenge(NOW.plus(Duration.ofMinutes(5)));

		assertThat(sealAt(this.key, NOW).open(this.seal.seal(challenge))).contains(challenge);
	}

	@Test
	void everyAlteredCharacterIsRefused() {
		String challengeId = this.seal.seal(challenge(NOW.plus(Duration.ofMinutes(5))));

		for (int i = 0; i < challengeId.length(); i++) {
			char replacement = (challengeId.charAt(i) == 'A') ? 'B' : 'A';
			String tampered = challengeId.substring(0, i) + replacement + challengeId.substring(i + 1);
			assertThat(this.seal.open(tampered)).as("altered at %d", i).isEmpty();
		}
		assertThat(this.seal.open(challengeId.substring(0, challengeId.length() - 1))).isEmpty();
		assertThat(this.seal.open(challengeId + "A")).isEmpty();
	}

	@Test
	void garbageAndAnotherKeysChallengesAreRefused() {
		String challengeId = this.seal.seal(challenge(NOW.plus(Duration.ofMinutes(5))));

		assertThat(sealAt(randomKey(), NOW).open(challengeId)).isEmpty();
		assertThat(this.seal.open("")).isEmpty();
		assertThat(this.seal.open("not base64 at all!")).isEmpty();
		assertThat(this.seal.open("AAAA")).isEmpty();
	}

	@Test
	void anExpiredChallengeIsRefused() {
		String challengeId = this.seal.seal(challenge(NOW.plus(Duration.ofMinutes(5))));

		assertThat(sealAt(this.key, NOW.plus(Duration.ofMinutes(5)).minusSeconds(1)).open(challengeId)).isPresent();
		assertThat(sealAt(this.key, NOW.plus(Duration.ofMinutes(5))).open(challengeId)).isEmpty();
	}

	@Test
	void aKeyThatIsNotThirtyTwoBytesIsRefusedAtStartUp() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

		assertThatIllegalStateException().isThrownBy(() -> sealAt(shortKey, NOW)).withMessageContaining("32 bytes");
		assertThatIllegalStateException().isThrownBy(() -> sealAt("", NOW)).withMessageContaining("not set");
	}

	private static Challenge challenge(Instant expiresAt) {
		Map<String, String> cookies = new LinkedHashMap<>();
		cookies.put("AUTH_SESSION_ID",
				"YTQ2YjM5ZjEtNTc4Zi00NWRiLWE4ZGQtMGMwMjI3ZjFmYTA2LlU5RjZRTUZfbVc4"
						+ ".czNkZjRjYjgtZjU2Ni00YWRkLWE0ZWQtNzFmZTEyNjdjZTU4.2Nu3TYfS1G0HhmHp4fTqhJg9zBQ");
		cookies.put("KC_AUTH_SESSION_HASH", "6W9Xw3r7sHkqJ2k0t2v4Q8b6d6R1Jp0q7m3zWqJk9xY");
		return new Challenge("alice", Step.OTP,
				"/realms/colink/login-actions/authenticate?session_code=UCW99dq7K1k2gLnfqQfrm8MvbtywliuuVuqh68yaxOA"
						+ "&execution=c827b7e8-06e5-4107-82e1-b430ae28deef&client_id=auth-proxy&tab_id=U9F6QMF_mW8"
						+ "&client_data=eyJydSI6Imh0dHA6Ly8xMjcuMC4wLjEvYXV0aC9jYWxsYmFjayIsInJ0IjoiY29kZSIsInN0Ijoic3QxIn0",
				cookies, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "xyzzy-state-1234567890",
				"1afd0afc-269c-49e2-90c4-c5a22c86ffad", null, expiresAt.getEpochSecond());
	}

	private static ChallengeSeal sealAt(String key, Instant now) {
		return new ChallengeSeal(key, JsonMapper.builder().build(), Clock.fixed(now, ZoneOffset.UTC));
	}

	private static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
