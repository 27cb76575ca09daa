package dev.colink.realtime.delivery;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.colink.realtime.RealtimeProperties;

/**
 * Which instance journals the DM events of messaging's live Redis channel: exactly one, holding a lease in Redis
 * ({@code ws:lease:dm-journal}, renewed every two seconds, lost after six). Every instance hears every DM there; if
 * two journaled them, two DMs of one conversation could be numbered out of order. While nobody holds the lease (its
 * holder stopped; a stopping holder gives it up at once), DM events are journaled from Kafka only.
 */
@Component
public class DmJournalLease {

	private static final String KEY = "ws:lease:dm-journal";

	private static final Duration LEASE = Duration.ofSeconds(6);

	private static final RedisScript<Long> CLAIM = RedisScript.of("""
			if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
			if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
			return 0""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0""", Long.class);

	private final StringRedisTemplate redis;

	private final String instanceId;

	private volatile boolean holder;

	/** Until when the lease is certainly this instance's: the last successful renewal plus the lease, less a margin. */
	private volatile long heldUntilNanos;

	/** From when this instance may take the lease: not before it listened to the live DMs for a while. */
	private volatile long eligibleAtNanos = System.nanoTime() + Duration.ofDays(365).toNanos();

	/** Kept for clock drift between this instance and Redis, and for the renewal's own round trip. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	DmJournalLease(StringRedisTemplate redis, RealtimeProperties properties) {
		this.redis = redis;
		this.instanceId = properties.instanceId();
	}

	/**
	 * Claims or renews the lease. A renewal that fails (Redis slow or away for a moment) does not give the lease up
	 * while it is certainly still this instance's: nobody else can hold it before it expires, and flipping the
	 * live lane off and on again is what lets two DMs of one conversation be numbered out of order (the one taken
	 * from Kafka meanwhile comes later).
	 */
	@Scheduled(fixedDelay = 2000)
	void renew() {
		long started = System.nanoTime();
		if (!this.holder && started - this.eligibleAtNanos < 0) {
			return;
		}
		try {
			Long claimed = this.redis.execute(CLAIM, List.of(KEY), this.instanceId, Long.toString(LEASE.toMillis()));
			boolean held = claimed != null && claimed == 1L;
			if (held) {
				this.heldUntilNanos = started + LEASE.minus(MARGIN).toNanos();
			}
			this.holder = held;
		}
		catch (RuntimeException ex) {
			// Still held until heldUntilNanos (isHolder checks it), then no longer.
		}
	}

	/** Lets this instance claim the lease once {@code delay} has passed (it listens to the live DMs from now on). */
	void eligibleAfter(Duration delay) {
		this.eligibleAtNanos = System.nanoTime() + delay.toNanos();
	}

	/** Whether this instance journals the live DM channel's events. */
	public boolean isHolder() {
		return this.holder && System.nanoTime() - this.heldUntilNanos < 0;
	}

	@PreDestroy
	void release() {
		if (this.holder) {
			this.holder = false;
			try {
				this.redis.execute(RELEASE, List.of(KEY), this.instanceId);
			}
			catch (RuntimeException ex) {
				// it expires on its own
			}
		}
	}

}
