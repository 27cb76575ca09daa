package dev.colink.platform;

import java.time.Duration;

/** A wait that doubles with every failed attempt, from an initial delay up to a maximum. */
public record Backoff(Duration initial, Duration max) {

	/** The wait after the given (1-based) failed attempt: {@code initial * 2^(attempt-1)}, at most {@code max}. */
	public Duration after(int attempt) {
		Duration delay = this.initial;
		for (int i = 1; i < attempt && delay.compareTo(this.max) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return delay.compareTo(this.max) > 0 ? this.max : delay;
	}

}
