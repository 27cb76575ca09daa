package dev.colink.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's request rate limits, token buckets kept in Redis (values in application.yml, from environment
 * variables). {@code colink.gateway.rate-limit.enabled=false} turns limiting off.
 *
 * @param perUser      per authenticated user (the token's subject), over all of {@code /v1/**}
 * @param perIp        per client IP address, over every routed request ({@code /auth/**} included, which damps
 *                     password guessing); behind a proxy set {@code server.forward-headers-strategy} so that the
 *                     client's address is the one seen
 * @param redisTimeout how long a request waits for Redis before it is let through unlimited
 */
@ConfigurationProperties("colink.gateway.rate-limit")
public record RateLimitProperties(Limit perUser, Limit perIp,
		@DefaultValue("500ms") Duration redisTimeout) {

	/**
	 * One token bucket.
	 *
	 * @param replenishRate   tokens added per second (the sustained request rate)
	 * @param burstCapacity   the bucket's size (the largest burst)
	 * @param requestedTokens tokens one request costs (raise it to allow less than one request per second)
	 */
	public record Limit(int replenishRate, int burstCapacity, @DefaultValue("1") int requestedTokens) {

		/** Seconds until the bucket holds enough tokens for one more request, at least 1. */
		public long retryAfterSeconds() {
			return Math.max(1, (this.requestedTokens + this.replenishRate - 1) / this.replenishRate);
		}

	}

}
