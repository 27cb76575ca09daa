package dev.colink.avscanner.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.colink.avscanner.clamd.Clamd;
import dev.colink.avscanner.clamd.ScanVerdict;
import dev.colink.objectstore.ObjectStore;
import dev.colink.objectstore.ObjectStoreException;

/**
 * The scans in progress: each streams its object from the store to clamd and reports the verdict to files. A scan
 * clamd could not give a verdict on (down, restarting, an error reply) is tried again after a doubling delay, up to
 * the configured attempts, then reported {@code failed}; a verdict files could not take is sent again the same way.
 * A scan of a file already in progress here is not started twice. What is queued here is not durable: files asks
 * again for any scan whose verdict does not come (after a restart of this service, say).
 */
@Component
class ScanJobs {

	private static final Logger log = LoggerFactory.getLogger(ScanJobs.class);

	/** The start of the reason of a scan whose object is gone: no later attempt would find it either. */
	private static final String MISSING = "the object is missing";

	private final ObjectStore objectStore;

	private final Clamd clamd;

	private final VerdictReporter reporter;

	private final ScannerProperties properties;

	private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor workers;

	private final ScheduledExecutorService retries;

	ScanJobs(ObjectStore objectStore, Clamd clamd, VerdictReporter reporter, ScannerProperties properties) {
		this.objectStore = objectStore;
		this.clamd = clamd;
		this.reporter = reporter;
		this.properties = properties;
		AtomicInteger threads = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), (task) -> {
					Thread thread = new Thread(task, "scan-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.retries = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "scan-retries");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Takes a scan: true when it is queued or already in progress here; false when the queue is full (files asks
	 * again later).
	 */
	boolean submit(String fileId, String objectKey) {
		if (!this.inProgress.add(fileId)) {
			return true;
		}
		try {
			this.workers.execute(() -> scan(fileId, objectKey, 1));
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.inProgress.remove(fileId);
			return false;
		}
	}

	private void scan(String fileId, String objectKey, int attempt) {
		ScanVerdict verdict = verdict(objectKey);
		if (verdict instanceof ScanVerdict.Failed failed && attempt < this.properties.maxAttempts()
				&& !failed.reason().startsWith(MISSING)) {
			log.warn("Scan {} of file {} got no verdict ({}); trying again in {} ms", attempt, fileId, failed.reason(),
					this.properties.backoff().after(attempt).toMillis());
			later(attempt, () -> scan(fileId, objectKey, attempt + 1));
			return;
		}
		log.info("File {}: {}", fileId, verdict);
		report(fileId, verdict, 1);
	}

	private ScanVerdict verdict(String objectKey) {
		Optional<InputStream> content;
		try {
			content = this.objectStore.read(objectKey);
		}
		catch (ObjectStoreException ex) {
			return new ScanVerdict.Failed("could not read " + objectKey + " from the object store: " + ex.getMessage());
		}
		if (content.isEmpty()) {
			return new ScanVerdict.Failed(MISSING + ": " + objectKey);
		}
		try (InputStream stream = content.get()) {
			return this.clamd.scan(stream);
		}
		catch (IOException ex) {
			// Closing the object's stream failed after the verdict; the verdict stands.
			return new ScanVerdict.Failed("the object store's stream of " + objectKey + " failed: " + ex.getMessage());
		}
	}

	private void report(String fileId, ScanVerdict verdict, int attempt) {
		if (this.reporter.report(fileId, verdict)) {
			this.inProgress.remove(fileId);
			return;
		}
		if (attempt >= this.properties.maxAttempts()) {
			// files asks for the scan again once its verdict timeout passes.
			log.error("Could not deliver the verdict on file {} to files after {} attempts", fileId, attempt);
			this.inProgress.remove(fileId);
			return;
		}
		later(attempt, () -> report(fileId, verdict, attempt + 1));
	}

	/** Runs {@code task} on a worker after the delay of the given attempt (the retry thread only waits). */
	private void later(int attempt, Runnable task) {
		this.retries.schedule(() -> {
			try {
				this.workers.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// Full of new scans: this one waits another round rather than being dropped.
				later(attempt, task);
			}
		}, this.properties.backoff().after(attempt).toMillis(), TimeUnit.MILLISECONDS);
	}

	@PreDestroy
	void stop() {
		this.retries.shutdownNow();
		this.workers.shutdownNow();
	}

}
