package dev.colink.platform.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;

import dev.colink.platform.problems.ApiProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A signed internal call is accepted once: its nonce is remembered in the stack's Redis for the skew window. */
class InternalNoncesTest {

	private static final String SECRET = "a secret of the services only";

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate redis;

	private final InternalSignatures signatures = new InternalSignatures(SECRET, Duration.ofSeconds(300),
			Clock.systemUTC());

	private final SignedBodies bodies = new SignedBodies(this.signatures, new InternalNonces(redis, Clock.systemUTC()),
			JsonMapper.builder().build());

	@BeforeAll
	static void connect() {
		java.net.URI url = java.net.URI.create(System.getenv().getOrDefault("COLINK_REDIS_URL", "redis://127.0.0.1:6379"));
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
		connections.afterPropertiesSet();
		connections.start();
		redis = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Test
	void theSameSignedRequestSentTwiceIsRefusedTheSecondTime() {
		byte[] body = "{\"status\":\"clean\"}".getBytes(StandardCharsets.UTF_8);
		String signature = this.signatures.sign("POST", "/files/1/scan-result", body);

		assertThat(this.bodies.read("/files/1/scan-result", body, signature, Verdict.class)).isEqualTo(new Verdict("clean"));
		assertThatExceptionOfType(ApiProblemException.class)
			.isThrownBy(() -> this.bodies.read("/files/1/scan-result", body, signature, Verdict.class))
			.satisfies((problem) -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
				assertThat(problem.code()).isEqualTo("replayed_request");
			});

		String again = this.signatures.sign("POST", "/files/1/scan-result", body);
		assertThat(this.bodies.read("/files/1/scan-result", body, again, Verdict.class))
			.as("the same call signed anew is another request").isEqualTo(new Verdict("clean"));
	}

	@Test
	void aBadSignatureClaimsNoNonce() {
		byte[] body = "{\"status\":\"clean\"}".getBytes(StandardCharsets.UTF_8);
		String signature = this.signatures.sign("POST", "/scan", body);

		assertThatExceptionOfType(ApiProblemException.class)
			.isThrownBy(() -> this.bodies.read("/scan", "{}".getBytes(StandardCharsets.UTF_8), signature, Verdict.class))
			.satisfies((problem) -> assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
		assertThat(this.bodies.read("/scan", body, signature, Verdict.class)).isEqualTo(new Verdict("clean"));
	}

	@Test
	void aNonceIsRememberedUntilItsSignatureWouldExpireAndNoLonger() {
		String nonce = "test-" + java.util.UUID.randomUUID();
		Instant now = Instant.now();
		InternalNonces nonces = new InternalNonces(redis, Clock.fixed(now, ZoneOffset.UTC));

		assertThat(nonces.claim(new InternalSignatures.Verified(nonce, now.plusSeconds(120)))).isTrue();
		assertThat(nonces.claim(new InternalSignatures.Verified(nonce, now.plusSeconds(120)))).isFalse();
		Long ttl = redis.getExpire(InternalNonces.KEY_PREFIX + nonce);
		assertThat(ttl).isBetween(115L, 121L);
		redis.delete(InternalNonces.KEY_PREFIX + nonce);
	}

	record Verdict(String status) {
	}

}
