package dev.colink.platform.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired idempotency keys now and then. Every service instance sweeps the whole table: the delete is one
 * indexed statement, harmless when several instances run it, and rows of every operation expire alike.
 */
public class IdempotencyKeySweeper implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(IdempotencyKeySweeper.class);

	private final IdempotencyKeys keys;

	private final Duration interval;

	private ScheduledExecutorService scheduler;

	public IdempotencyKeySweeper(IdempotencyKeys keys, Duration interval) {
		this.keys = keys;
		this.interval = interval;
	}

	private void sweep() {
		try {
			int deleted = this.keys.sweep();
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Swept " + deleted + " expired idempotency keys");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Sweeping expired idempotency keys failed, retrying in " + this.interval + ": " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "idempotency-key-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		long period = this.interval.toMillis();
		// The first sweep soon after start, so that a service restarted more often than the interval still sweeps.
		this.scheduler.scheduleWithFixedDelay(this::sweep, Math.min(period, Duration.ofMinutes(1).toMillis()), period,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
