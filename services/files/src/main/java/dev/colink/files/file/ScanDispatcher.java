package dev.colink.files.file;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.colink.platform.PollingWorker;

/**
 * Asks the scanner for every scan that is due, so that no confirmed file is forgotten: a file in {@code scanning}
 * whose {@code scan_due_at} passed is claimed (for a lease, so that instances of files share the work), sent to
 * the scanner, and due again after the verdict timeout when the scanner accepted it (a scanner that restarted
 * mid-scan is asked again), or after a doubling delay when it could not be reached. After too many requests
 * without a verdict the file is {@code failed}.
 */
@Component
class ScanDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ScanDispatcher.class);

	private static final int BATCH = 16;

	/** Long enough for a batch of requests to the scanner (5 s timeout each). */
	private static final Duration LEASE = Duration.ofSeconds(BATCH * 5 + 10);

	private final FileRepository files;

	private final ScannerClient scanner;

	private final FilesProperties.Scanner properties;

	private final ObjectProvider<Files> verdicts;

	private final PollingWorker worker;

	ScanDispatcher(FileRepository files, ScannerClient scanner, FilesProperties properties,
			ObjectProvider<Files> verdicts) {
		this.files = files;
		this.scanner = scanner;
		this.properties = properties.scanner();
		this.verdicts = verdicts;
		this.worker = new PollingWorker("scan-dispatcher", this::dispatchDue, this.properties.pollInterval(),
				this.properties.retryDelayMax());
	}

	/** A file became due (a confirm committed): dispatch now rather than at the next poll. */
	void wake() {
		this.worker.wakeUp();
	}

	/**
	 * Sends one batch of due scans.
	 * @return true when the batch was full (more may be due)
	 */
	boolean dispatchDue() {
		List<FileRepository.DueScan> due = this.files.claimDueScans(BATCH, LEASE);
		for (FileRepository.DueScan scan : due) {
			if (scan.requests() > this.properties.maxRequests()) {
				log.warn("File {} got no verdict after {} scan requests; it is failed", scan.fileId(), scan.requests() - 1);
				this.verdicts.getObject().recordVerdict(scan.fileId(),
						ScanVerdict.failed("no verdict after " + (scan.requests() - 1) + " scan requests"));
			}
			else if (this.scanner.requestScan(scan.fileId(), scan.storedKey())) {
				this.files.scanDueIn(scan.fileId(), this.properties.verdictTimeout());
			}
			else {
				Duration delay = retryDelay(scan.requests());
				log.info("The scanner at {} did not take the scan of file {}; asking again in {} ms",
						this.scanner.address(), scan.fileId(), delay.toMillis());
				this.files.scanDueIn(scan.fileId(), delay);
			}
		}
		return due.size() == BATCH;
	}

	/** The retry delay doubling with each request, up to the maximum. */
	Duration retryDelay(int requests) {
		Duration delay = this.properties.retryDelay();
		for (int i = 1; i < requests && delay.compareTo(this.properties.retryDelayMax()) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return delay.compareTo(this.properties.retryDelayMax()) > 0 ? this.properties.retryDelayMax() : delay;
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.dispatch();
	}

	@Override
	public void start() {
		this.worker.start();
	}

	@Override
	public void stop() {
		this.worker.stop();
	}

	@Override
	public boolean isRunning() {
		return this.worker.isRunning();
	}

}
