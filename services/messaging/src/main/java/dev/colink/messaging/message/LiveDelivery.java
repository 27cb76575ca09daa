package dev.colink.messaging.message;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.colink.events.EventEnvelope;

/**
 * Redis, the fast lane of posting: the idempotency fast path ({@code idempotency:messages:{user}:{key}} → the
 * message id, 24 h) and the live DM channel ({@code PUBLISH realtime:dm:{dm_id}}), both written after the commit.
 * Redis is only a shortcut here: the database's unique key is what guarantees idempotency and Kafka is what
 * guarantees delivery, so a Redis failure is logged and the post still succeeds.
 */
@Component
class LiveDelivery {

	static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

	private static final Logger logger = LoggerFactory.getLogger(LiveDelivery.class);

	/** KEYS: the idempotency key, if any; ARGV: message id, its time to live in seconds, DM channel or "", event. */
	private static final RedisScript<Long> POSTED = RedisScript.of("""
			if #KEYS == 1 then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
			if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
			return 1""", Long.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	LiveDelivery(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	/** The message the sender already posted with this key, if Redis remembers it. */
	Optional<UUID> rememberedPost(UUID senderId, String idempotencyKey) {
		try {
			return Optional.ofNullable(this.redis.opsForValue().get(idempotencyKey(senderId, idempotencyKey)))
				.flatMap(MessageRules::uuid);
		}
		catch (DataAccessException ex) {
			logger.warn("Idempotency fast path unavailable, falling back to the database: {}", ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * After a post committed: remembers its key and, for a DM, publishes the event to the DM's live channel. One
	 * command on the shared connection for both (a pipeline would take a connection of its own, opened and closed
	 * for every post).
	 */
	void posted(UUID senderId, String idempotencyKey, String messageId, String dmId, EventEnvelope<?> event) {
		if (idempotencyKey == null && dmId == null) {
			return;
		}
		List<String> keys = (idempotencyKey != null) ? List.of(idempotencyKey(senderId, idempotencyKey)) : List.of();
		try {
			this.redis.execute(POSTED, keys, messageId, Long.toString(IDEMPOTENCY_TTL.toSeconds()),
					(dmId != null) ? dmChannel(dmId) : "", (dmId != null) ? this.json.writeValueAsString(event) : "");
		}
		catch (DataAccessException ex) {
			logger.warn("Live delivery of message {} skipped (Kafka still carries it): {}", messageId, ex.getMessage());
		}
	}

	/** After an edit or deletion in a DM committed: its event to the DM's live channel. */
	void changed(String dmId, EventEnvelope<?> event) {
		if (dmId == null) {
			return;
		}
		try {
			this.redis.convertAndSend(dmChannel(dmId), this.json.writeValueAsString(event));
		}
		catch (DataAccessException ex) {
			logger.warn("Live delivery of {} skipped (Kafka still carries it): {}", event.type(), ex.getMessage());
		}
	}

	static String dmChannel(String dmId) {
		return "realtime:dm:" + dmId;
	}

	static String idempotencyKey(UUID senderId, String key) {
		return "idempotency:messages:" + senderId + ":" + key;
	}

	static List<String> strings(List<UUID> ids) {
		return ids.stream().map(UUID::toString).toList();
	}

}
