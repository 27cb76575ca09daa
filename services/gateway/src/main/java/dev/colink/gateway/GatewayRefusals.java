package dev.colink.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * What the gateway refused by itself, never routed: {@code colink.gateway.rate.limit.refusals} (429 rate_limited) and
 * {@code colink.gateway.refusals{reason}} for its 503s: {@code in_flight} (over the bound on requests held at once),
 * {@code pool} (no connection to the service within the acquire timeout, or its queue of waiting requests full) and
 * {@code unavailable} (the service refused the connection). Answers of the services themselves are not counted here.
 */
@Component
public class GatewayRefusals {

	private final Counter rateLimited;

	private final Counter inFlight;

	private final Counter pool;

	private final Counter unavailable;

	public GatewayRefusals(MeterRegistry registry) {
		this.rateLimited = Counter.builder("colink.gateway.rate.limit.refusals")
			.description("Requests refused 429 rate_limited: the client's or the user's bucket was empty")
			.register(registry);
		this.inFlight = refusals(registry, "in_flight");
		this.pool = refusals(registry, "pool");
		this.unavailable = refusals(registry, "unavailable");
	}

	/** Counts nowhere: for a part of the gateway built outside the application (a unit test). */
	public static GatewayRefusals detached() {
		return new GatewayRefusals(new SimpleMeterRegistry());
	}

	public void rateLimited() {
		this.rateLimited.increment();
	}

	public void inFlight() {
		this.inFlight.increment();
	}

	/** A refusal of the upstream pools: {@code overloaded} (pool) or {@code unavailable}. */
	public void upstream(String code) {
		("unavailable".equals(code) ? this.unavailable : this.pool).increment();
	}

	private static Counter refusals(MeterRegistry registry, String reason) {
		return Counter.builder("colink.gateway.refusals")
			.description("Requests the gateway answered 503 by itself, without reaching a service")
			.tag("reason", reason)
			.register(registry);
	}

}
