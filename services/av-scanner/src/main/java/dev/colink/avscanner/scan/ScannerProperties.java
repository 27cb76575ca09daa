package dev.colink.avscanner.scan;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.colink.platform.Backoff;

/**
 * How scans are run and reported.
 *
 * @param filesUrl      the files service's base URL, where verdicts go ({@code POST /files/{id}/scan-result})
 * @param workers       scans at a time (clamd scans each stream on a thread of its own)
 * @param queueCapacity scans waiting beyond that; more are refused with 503 and asked for again later by files
 * @param maxAttempts   tries of one scan while clamd cannot give a verdict (down, restarting, an error reply),
 *                      after which the file is reported {@code failed}
 * @param retryDelay    the wait before the second try, doubling up to {@code retryDelayMax}; the same backoff
 *                      applies to delivering a verdict while files cannot be reached
 * @param retryDelayMax the longest wait between two tries
 */
@Validated
@ConfigurationProperties("colink.scanner")
public record ScannerProperties(@NotNull URI filesUrl, @DefaultValue("2") @Min(1) int workers,
		@DefaultValue("1000") @Min(1) int queueCapacity, @DefaultValue("6") @Min(1) int maxAttempts,
		@DefaultValue("2s") Duration retryDelay, @DefaultValue("30s") Duration retryDelayMax) {

	/** The wait after a failed attempt. */
	Backoff backoff() {
		return new Backoff(this.retryDelay, this.retryDelayMax);
	}

}
