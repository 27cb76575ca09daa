package dev.colink.platform;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A daemon thread that does a batch of background work over and over, started and stopped with the application:
 * again at once while a batch says there is more, else after the poll interval or as soon as {@link #wakeUp()} is
 * called (e.g. after a commit that made new work). A failing batch is retried after a pause that doubles up to a
 * maximum, so a server outage is not hammered.
 */
public abstract class PollingWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PollingWorker.class);

	private final String name;

	private final Duration pollInterval;

	private final Backoff backoff;

	private final Semaphore wake = new Semaphore(0);

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param name the thread's name, also in the log of a failing batch
	 * @param pollInterval the longest wait for new work
	 * @param maxBackoff the longest pause after failing batches
	 */
	protected PollingWorker(String name, Duration pollInterval, Duration maxBackoff) {
		this.name = name;
		this.pollInterval = pollInterval;
		this.backoff = new Backoff(pollInterval, maxBackoff);
	}

	/**
	 * Does one batch of the work.
	 * @return true when more work is waiting right away
	 */
	protected abstract boolean batch();

	/** New work is there: do a batch now rather than at the next poll. */
	public void wakeUp() {
		if (this.wake.availablePermits() == 0) {
			this.wake.release();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, this.name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Stops after the batch in progress, waiting for it up to 5 seconds. */
	@Override
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

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		int failures = 0;
		while (this.running) {
			try {
				boolean more = batch();
				failures = 0;
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
				Duration pause = this.backoff.after(++failures);
				logger.warn(this.name + " failed, retrying in " + pause.toMillis() + " ms: " + ex.getMessage());
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
