package dev.colink.files.file;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.colink.platform.metrics.CachedReading;

/**
 * Scans, measured: {@code colink.scan.queue.depth}, the files confirmed and waiting for their verdict (counted at
 * most once per {@link #MAX_AGE}, over the partial index of files in {@code scanning}), and {@code colink.scan}, from
 * a file's confirmation to its verdict being recorded, tagged with the verdict ({@code scanned}, {@code infected},
 * {@code failed}).
 */
@Component
class ScanMeters {

	static final Duration MAX_AGE = Duration.ofSeconds(5);

	private final Map<FileStatus, Timer> scans = new EnumMap<>(FileStatus.class);

	private final CachedReading<Long> waiting;

	ScanMeters(JdbcClient jdbc, MeterRegistry registry) {
		this.waiting = new CachedReading<>(MAX_AGE,
				() -> jdbc.sql("select count(*) from files where status = 'scanning'").query(Long.class).single());
		// The gauge holds its object weakly: this bean, which the context keeps.
		Gauge.builder("colink.scan.queue.depth", this, ScanMeters::waiting)
			.description("Files confirmed and waiting for their scan's verdict")
			.baseUnit("files")
			.register(registry);
		for (FileStatus verdict : new FileStatus[] { FileStatus.SCANNED, FileStatus.INFECTED, FileStatus.FAILED }) {
			this.scans.put(verdict, Timer.builder("colink.scan")
				.description("From a file's confirmation to its scan's verdict")
				.tag("verdict", verdict.wireName())
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofMillis(10))
				.maximumExpectedValue(Duration.ofMinutes(10))
				.register(registry));
		}
	}

	private double waiting() {
		Long files = this.waiting.get();
		return (files != null) ? files : Double.NaN;
	}

	/** A verdict was recorded on the file. */
	void scanned(StoredFile file) {
		Timer timer = this.scans.get(file.status());
		if (timer != null && file.confirmedAt() != null && file.scannedAt() != null) {
			timer.record(Duration.between(file.confirmedAt(), file.scannedAt()));
		}
	}

}
