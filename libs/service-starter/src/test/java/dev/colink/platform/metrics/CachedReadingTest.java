package dev.colink.platform.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedReadingTest {

	@Test
	void aReadingIsTakenOnceWhileItIsFresh() {
		AtomicInteger queries = new AtomicInteger();
		CachedReading<Integer> reading = new CachedReading<>(Duration.ofHours(1), queries::incrementAndGet);

		assertThat(reading.get()).isEqualTo(1);
		assertThat(reading.get()).isEqualTo(1);
		assertThat(queries).hasValue(1);
	}

	@Test
	void aStaleReadingIsTakenAgain() {
		AtomicInteger queries = new AtomicInteger();
		CachedReading<Integer> reading = new CachedReading<>(Duration.ZERO, queries::incrementAndGet);

		assertThat(reading.get()).isEqualTo(1);
		assertThat(reading.get()).isEqualTo(2);
	}

	@Test
	void aFailedReadingIsNullUntilTheNextIsDue() {
		AtomicInteger queries = new AtomicInteger();
		CachedReading<Integer> reading = new CachedReading<>(Duration.ofHours(1), () -> {
			queries.incrementAndGet();
			throw new IllegalStateException("database down");
		});

		assertThat(reading.get()).isNull();
		assertThat(reading.get()).isNull();
		assertThat(queries).hasValue(1);
	}

}
