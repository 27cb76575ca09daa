package dev.colink.files.file;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.colink.platform.Backoff;
import dev.colink.platform.PollingWorker;

/**
 * Asks the scanner for every scan that is due, so that no confirmed file is forgotten: a file in {@code scanning}
 * whose {@code scan_due_at} passed is claimed (for a lease, so that instances of files share the work), sent to
 * the scanner, and due again after the verdict timeout when the scanner accepted it (a scanner that restarted
 * mid-scan is asked again), or after a doubling delay when it could not be reached. After too many requests
 * without a verdict the file is {@code failed}.
 */
@Component
class ScanDispatcher extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(ScanDispatcher.class);

	private static final int BATCH = 16;

	/** Long enough for a batch of requests to the scanner (5 s timeout each). */
	private static final Duration LEASE = Duration.ofSeconds(BATCH * 5 + 10);

	private final FileRepository files;

	private final ScannerClient scanner;

	private final FilesProperties.Scanner properties;

	private final ObjectProvider<Files> verdicts;

	private final Backoff backoff;

	ScanDispatcher(FileRepository files, ScannerClient scanner, FilesProperties properties,
			ObjectProvider<Files> verdicts) {
		super("scan-dispatcher", properties.scanner().pollInterval(), properties.scanner().retryDelayMax());
		this.files = files;
		this.scanner = scanner;
		this.properties = properties.scanner();
		this.verdicts = verdicts;
		this.backoff = new Backoff(this.properties.retryDelay(), this.properties.retryDelayMax());
	}

	/**
	 * Sends one batch of due scans.
	 * @return true when the batch was full (more may be due)
	 */
	@Override
	protected boolean batch() {
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
				Duration delay = this.backoff.after(scan.requests());
				log.info("The scanner at {} did not take the scan of file {}; asking again in {} ms",
						this.scanner.address(), scan.fileId(), delay.toMillis());
				this.files.scanDueIn(scan.fileId(), delay);
			}
		}
		return due.size() == BATCH;
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.dispatch();
	}

}
