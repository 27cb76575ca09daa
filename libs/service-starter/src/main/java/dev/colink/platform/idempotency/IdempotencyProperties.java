package dev.colink.platform.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sweep of expired idempotency keys (how long a key holds is the API's rule: {@link IdempotencyKeys#RETENTION}).
 *
 * @param sweepEnabled  whether this service sweeps expired keys
 * @param sweepInterval how often it does
 */
@ConfigurationProperties("colink.idempotency")
public record IdempotencyProperties(@DefaultValue("true") boolean sweepEnabled,
		@DefaultValue("1h") Duration sweepInterval) {
}
