package dev.colink.platform.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reading that costs a query, for a gauge: taken at most once per {@code maxAge} however often and by however many
 * scrapers it is read, the others get the last one. A reading that failed (the database is down) is null until the
 * next is due, so a gauge shows NaN rather than an old value, and a failing server is not asked at every scrape.
 */
public final class CachedReading<T> {

	private static final Logger log = LoggerFactory.getLogger(CachedReading.class);

	private final long maxAgeNanos;

	private final Supplier<T> reading;

	private T value;

	private long takenAt;

	private boolean taken;

	public CachedReading(Duration maxAge, Supplier<T> reading) {
		this.maxAgeNanos = maxAge.toNanos();
		this.reading = reading;
	}

	/** The last reading, taken now if it is older than the maximum age; null if it failed. */
	public synchronized T get() {
		long now = System.nanoTime();
		if (!this.taken || now - this.takenAt >= this.maxAgeNanos) {
			this.taken = true;
			this.takenAt = now;
			try {
				this.value = this.reading.get();
			}
			catch (RuntimeException ex) {
				log.debug("A metric's reading failed: {}", ex.toString());
				this.value = null;
			}
		}
		return this.value;
	}

}
