package dev.colink.platform.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The nonces of signed internal calls already received, in Redis, each kept until its signature would no longer
 * verify anyway ({@code SET NX} with that expiry): the first receipt of a nonce claims it, on any replica; every later
 * one within the skew window is a replay.
 */
public class InternalNonces {

	static final String KEY_PREFIX = "colink:internal-nonce:";

	private final StringRedisTemplate redis;

	private final Clock clock;

	public InternalNonces(StringRedisTemplate redis, Clock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	/**
	 * Claims a verified signature's nonce.
	 * @return true on its first receipt; false for a replay
	 * @throws org.springframework.dao.DataAccessException Redis cannot answer (a 503: the sender tries again)
	 */
	public boolean claim(InternalSignatures.Verified signature) {
		Duration remaining = Duration.between(this.clock.instant(), signature.expiresAt());
		// At least a second, and a second past the end: a clock tick between verifying and here must not free it.
		Duration ttl = Duration.ofSeconds(Math.max(1, remaining.toSeconds() + 1));
		return Boolean.TRUE.equals(
				this.redis.opsForValue().setIfAbsent(KEY_PREFIX + signature.nonce(), Instant.now(this.clock).toString(), ttl));
	}

}
