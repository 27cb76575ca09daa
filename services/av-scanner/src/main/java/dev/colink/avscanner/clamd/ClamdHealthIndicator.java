package dev.colink.avscanner.clamd;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when clamd answers PING; the {@code clamd} component of the readiness group (no scans without it). */
public class ClamdHealthIndicator extends AbstractHealthIndicator {

	private final Clamd clamd;

	public ClamdHealthIndicator(Clamd clamd) {
		super("clamd health check failed");
		this.clamd = clamd;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		(this.clamd.ping() ? builder.up() : builder.down()).withDetail("address", this.clamd.address());
	}

}
