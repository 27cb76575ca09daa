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

	DmJournalLease(StringRedisTemplate redis, RealtimeProperties properties) {
		this.redis = redis;
		this.instanceId = properties.instanceId();
	}

	@Scheduled(fixedDelay = 2000)
	void renew() {
		try {
			Long claimed = this.redis.execute(CLAIM, List.of(KEY), this.instanceId, Long.toString(LEASE.toMillis()));
			this.holder = claimed != null && claimed == 1L;
		}
		catch (RuntimeException ex) {
			this.holder = false;
		}
	}

	/** Whether this instance journals the live DM channel's events. */
	public boolean isHolder() {
		return this.holder;
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
