package dev.colink.reactions.reaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The reaction counts of messages, cached in Redis ({@code reactions:counts:{message}}, a hash of emoji →
 * {@code count:firstMicros}) in front of Postgres, which is the truth. Every change, once committed, drops the
 * message's entry and raises its generation ({@code reactions:gen:{message}}); a miss is rebuilt from Postgres and
 * stored only if the generation did not move while it was read. So a rebuild that raced a change never stores counts
 * without that change: either the change's drop comes after the store, or the store sees the new generation and
 * is skipped. Redis is only a shortcut: when it fails, counts come from Postgres. When a drop itself fails (Redis away
 * just after a commit), the stale entry lives at most {@link #TTL}.
 */
@Component
class ReactionCounts {

	static final Duration TTL = Duration.ofMinutes(1);

	private static final String EMPTY = "_";

	private static final Logger logger = LoggerFactory.getLogger(ReactionCounts.class);

	private static final RedisScript<Long> CHANGED = RedisScript.of("""
			redis.call('INCR', KEYS[2])
			redis.call('EXPIRE', KEYS[2], ARGV[1])
			return redis.call('DEL', KEYS[1])""", Long.class);

	// ARGV: generation read before the rebuild, TTL, then emoji/value pairs.
	private static final RedisScript<Long> STORE = RedisScript.of("""
			if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
			redis.call('DEL', KEYS[1])
			for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
			redis.call('EXPIRE', KEYS[1], ARGV[2])
			return 1""", Long.class);

	private final StringRedisTemplate redis;

	ReactionCounts(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** The counts of the message, from the cache or, on a miss, from {@code database} (then cached). */
	List<Count> of(String messageId, Supplier<List<Count>> database) {
		String generation;
		try {
			Map<Object, Object> cached = this.redis.opsForHash().entries(countsKey(messageId));
			if (!cached.isEmpty()) {
				return parse(cached);
			}
			generation = this.redis.opsForValue().get(generationKey(messageId));
		}
		catch (DataAccessException ex) {
			logger.debug("Reaction counts of {} read from Postgres, Redis failed: {}", messageId, ex.toString());
			return database.get();
		}
		List<Count> counts = database.get();
		List<String> args = new ArrayList<>();
		args.add((generation != null) ? generation : "0");
		args.add(Long.toString(TTL.toSeconds()));
		args.add(EMPTY);
		args.add("");
		for (Count count : counts) {
			args.add(count.emoji());
			args.add(count.count() + ":" + micros(count.firstAt()));
		}
		try {
			this.redis.execute(STORE, List.of(countsKey(messageId), generationKey(messageId)), args.toArray());
		}
		catch (DataAccessException ex) {
			logger.debug("Reaction counts of {} not cached: {}", messageId, ex.toString());
		}
		return counts;
	}

	/** After a change to the message's reactions committed. */
	void changed(String messageId) {
		try {
			this.redis.execute(CHANGED, List.of(countsKey(messageId), generationKey(messageId)),
					Long.toString(Duration.ofDays(1).toSeconds()));
		}
		catch (DataAccessException ex) {
			logger.warn("Cached reaction counts of {} not dropped (stale for up to {}): {}", messageId, TTL,
					ex.toString());
		}
	}

	private static List<Count> parse(Map<Object, Object> cached) {
		List<Count> counts = new ArrayList<>();
		cached.forEach((emoji, value) -> {
			if (!EMPTY.equals(emoji)) {
				String[] parts = value.toString().split(":");
				long micros = Long.parseLong(parts[1]);
				counts.add(new Count(emoji.toString(), Long.parseLong(parts[0]),
						Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)));
			}
		});
		counts.sort(Comparator.comparing(Count::firstAt).thenComparing(Count::emoji));
		return counts;
	}

	private static long micros(Instant at) {
		return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
	}

	private static String countsKey(String messageId) {
		return "reactions:counts:" + messageId;
	}

	private static String generationKey(String messageId) {
		return "reactions:gen:" + messageId;
	}

	/** One emoji on a message: how many reacted with it, and when the first did. */
	record Count(String emoji, long count, Instant firstAt) {
	}

}
