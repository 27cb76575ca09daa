package dev.colink.platform;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A daemon thread that does a batch of background work over and over: again at once while a batch says there is
 * more, else after the poll interval or as soon as {@link #wakeUp()} is called (e.g. after a commit that made new
 * work). A failing batch is retried after a pause that doubles up to a maximum, so a server outage is not hammered.
 */
public class PollingWorker {

	private static final Log logger = LogFactory.getLog(PollingWorker.class);

	private final String name;

	private final BooleanSupplier batch;

	private final Duration pollInterval;

	private final Duration maxBackoff;

	private final Semaphore wake = new Semaphore(0);

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param name the thread's name, also in the log of a failing batch
	 * @param batch does one batch; true when more work is waiting right away
	 * @param pollInterval the longest wait for new work
	 * @param maxBackoff the longest pause after failing batches
	 */
	public PollingWorker(String name, BooleanSupplier batch, Duration pollInterval, Duration maxBackoff) {
		this.name = name;
		this.batch = batch;
		this.pollInterval = pollInterval;
		this.maxBackoff = maxBackoff;
	}

	/** New work is there: do a batch now rather than at the next poll. */
	public void wakeUp() {
		if (this.wake.availablePermits() == 0) {
			this.wake.release();
		}
	}

	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, this.name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Stops after the batch in progress, waiting for it up to 5 seconds. */
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		Duration backoff = this.pollInterval;
		while (this.running) {
			try {
				boolean more = this.batch.getAsBoolean();
				backoff = this.pollInterval;
				if (more) {
					continue;
				}
				this.wake.tryAcquire(this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
				this.wake.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn(this.name + " failed, retrying in " + backoff.toMillis() + " ms: " + ex.getMessage());
				try {
					Thread.sleep(backoff.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = backoff.multipliedBy(2).compareTo(this.maxBackoff) > 0 ? this.maxBackoff : backoff.multipliedBy(2);
			}
		}
	}

}
