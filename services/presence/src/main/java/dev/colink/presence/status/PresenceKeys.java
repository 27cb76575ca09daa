package dev.colink.presence.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Presence and typing state in Redis, as diagram 6 keeps it: {@code presence:user:{id}} (60 s, kept alive by
 * heartbeats) and {@code typing:{conversation}:{user}} (5 s). Beside each lives a token key that outlives it; the
 * instance that takes the token once the state key expired announces the expiry, so each expiry is announced once
 * however many instances hear of it. Redis announces an expiry only when it notices it (on access, or when its
 * background sampling happens to pick the key, which takes minutes among many keys with a TTL), so each state key
 * also has a deadline in a sorted set, which {@link Expiries} sweeps.
 */
@Component
class PresenceKeys {

	static final Duration PRESENCE_TTL = Duration.ofSeconds(60);

	static final Duration TYPING_TTL = Duration.ofSeconds(5);

	private static final Duration TOKEN_TTL = Duration.ofMinutes(10);

	private static final String PRESENCE_DEADLINES = "presence:deadlines";

	private static final String TYPING_DEADLINES = "typing:deadlines";

	/**
	 * Sets the status and its deadline; the previous status (nil when the user was offline). KEYS: presence key,
	 * token key, deadlines; ARGV: value, TTL, token TTL, user.
	 */
	private static final RedisScript<String> SET_STATUS = RedisScript.of("""
			local old = redis.call('GET', KEYS[1])
			redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
			redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
			local now = redis.call('TIME')
			redis.call('ZADD', KEYS[3], now[1] * 1000 + math.floor(now[2] / 1000) + ARGV[2] * 1000, ARGV[4])
			return old""", String.class);

	/** Goes offline at once; the previous status (nil when the user was offline already). */
	private static final RedisScript<String> CLEAR_STATUS = RedisScript.of("""
			local old = redis.call('GET', KEYS[1])
			redis.call('DEL', KEYS[1], KEYS[2])
			redis.call('ZREM', KEYS[3], ARGV[1])
			return old""", String.class);

	/**
	 * 1 when the user starts typing now, 0 when they were typing already (the 5 s start again). KEYS: typing key,
	 * token key, deadlines; ARGV: kind, TTL, token TTL, deadline member.
	 */
	private static final RedisScript<Long> TYPE = RedisScript.of("""
			local now = redis.call('TIME')
			redis.call('ZADD', KEYS[3], now[1] * 1000 + math.floor(now[2] / 1000) + ARGV[2] * 1000, ARGV[4])
			if redis.call('EXPIRE', KEYS[1], ARGV[2]) == 1 then
			  redis.call('EXPIRE', KEYS[2], ARGV[3])
			  return 0
			end
			redis.call('SET', KEYS[1], '1', 'EX', ARGV[2])
			redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[3])
			return 1""", Long.class);

	/** Takes the deadlines that passed (each to exactly one caller). KEYS: deadlines; ARGV: at most how many. */
	private static final RedisScript<List> DUE = RedisScript.of("""
			local now = redis.call('TIME')
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now[1] * 1000 + math.floor(now[2] / 1000),
			  'LIMIT', 0, ARGV[1])
			if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
			return due""", List.class);

	/** After a state key expired: its token, to exactly one caller, unless the state is back already. */
	private static final RedisScript<String> TAKE_TOKEN = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then return false end
			local token = redis.call('GET', KEYS[2])
			if token then redis.call('DEL', KEYS[2]) end
			return token""", String.class);

	/**
	 * Whether a user's status change is announced now: 0 when it is what was announced last (never again), 2 when an
	 * announcement was made less than the interval ago (the change waits in the pending set until that interval
	 * ends), 1 when it is announced now (the interval starts). KEYS: announced key, hold key, pending set; ARGV:
	 * value, interval ms, announced TTL s, user.
	 */
	private static final RedisScript<Long> ANNOUNCE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end
			if redis.call('EXISTS', KEYS[2]) == 1 then
			  local now = redis.call('TIME')
			  local due = now[1] * 1000 + math.floor(now[2] / 1000) + math.max(redis.call('PTTL', KEYS[2]), 0)
			  redis.call('ZADD', KEYS[3], 'NX', due, ARGV[4])
			  return 2
			end
			redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
			redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
			return 1""", Long.class);

	/**
	 * At the end of an interval with a change pending: the user's status now (offline when the presence key is gone),
	 * to announce, unless it is what was announced last. KEYS: presence key, announced key, hold key, pending set;
	 * ARGV: offline value, interval ms, announced TTL s, user.
	 */
	private static final RedisScript<String> ANNOUNCE_PENDING = RedisScript.of("""
			local current = redis.call('GET', KEYS[1]) or ARGV[1]
			if redis.call('GET', KEYS[2]) == current then return false end
			if redis.call('EXISTS', KEYS[3]) == 1 then
			  local now = redis.call('TIME')
			  local due = now[1] * 1000 + math.floor(now[2] / 1000) + math.max(redis.call('PTTL', KEYS[3]), 0)
			  redis.call('ZADD', KEYS[4], due, ARGV[4])
			  return false
			end
			redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
			redis.call('SET', KEYS[2], current, 'EX', ARGV[3])
			return current""", String.class);

	/** How long the last announced status is remembered: a change after that is announced even if it is the same. */
	private static final Duration ANNOUNCED_TTL = Duration.ofMinutes(10);

	private final StringRedisTemplate redis;

	private final String pendingAnnouncements;

	@Autowired
	PresenceKeys(StringRedisTemplate redis) {
		this(redis, "presence:announce-pending");
	}

	/** With a pending set of its own: a test beside the running service, whose sweep would take its entries. */
	PresenceKeys(StringRedisTemplate redis, String pendingAnnouncements) {
		this.redis = redis;
		this.pendingAnnouncements = pendingAnnouncements;
	}

	/** What to do with a user's status change, given what was announced and when. */
	enum Announcement {

		/** Announce it now; no other is announced for the interval. */
		NOW,

		/** An announcement was made less than the interval ago: the status then is announced when it ends. */
		LATER,

		/** It is what was announced last. */
		UNCHANGED

	}

	/** Decides on a user's status change ({@code value} as stored, offline as {@code offline} and the separator). */
	Announcement announce(String userId, String value, Duration interval) {
		Long decision = this.redis.execute(ANNOUNCE,
				List.of(announcedKey(userId), announceHoldKey(userId), this.pendingAnnouncements), value,
				Long.toString(Math.max(1, interval.toMillis())), Long.toString(ANNOUNCED_TTL.toSeconds()), userId);
		if (decision == null || decision == 0L) {
			return Announcement.UNCHANGED;
		}
		return (decision == 1L) ? Announcement.NOW : Announcement.LATER;
	}

	/** Users whose interval ended with a change pending (each handed to one caller only). */
	@SuppressWarnings("unchecked")
	List<String> dueAnnouncements(int max) {
		return (List<String>) this.redis.execute(DUE, List.of(this.pendingAnnouncements), Integer.toString(max));
	}

	/**
	 * A due user's status now, to announce (the next interval starts), or empty when it is what was announced last,
	 * or another interval is still running (the user is pending again).
	 */
	Optional<String> announcePending(String userId, String offlineValue, Duration interval) {
		return Optional.ofNullable(this.redis.execute(ANNOUNCE_PENDING,
				List.of(presenceKey(userId), announcedKey(userId), announceHoldKey(userId), this.pendingAnnouncements),
				offlineValue, Long.toString(Math.max(1, interval.toMillis())), Long.toString(ANNOUNCED_TTL.toSeconds()),
				userId));
	}

	Optional<String> setStatus(String userId, String value) {
		return Optional.ofNullable(this.redis.execute(SET_STATUS,
				List.of(presenceKey(userId), presenceTokenKey(userId), PRESENCE_DEADLINES), value,
				Long.toString(PRESENCE_TTL.toSeconds()), Long.toString(TOKEN_TTL.toSeconds()), userId));
	}

	Optional<String> clearStatus(String userId) {
		return Optional.ofNullable(this.redis.execute(CLEAR_STATUS,
				List.of(presenceKey(userId), presenceTokenKey(userId), PRESENCE_DEADLINES), userId));
	}

	/** Users whose heartbeats stopped: their deadline passed (each handed to one caller only). */
	@SuppressWarnings("unchecked")
	List<String> duePresence(int max) {
		return (List<String>) this.redis.execute(DUE, List.of(PRESENCE_DEADLINES), Integer.toString(max));
	}

	/** Typing that stopped: {@code conversation:user} pairs whose deadline passed (each to one caller only). */
	@SuppressWarnings("unchecked")
	List<String> dueTyping(int max) {
		return (List<String>) this.redis.execute(DUE, List.of(TYPING_DEADLINES), Integer.toString(max));
	}

	/** The users' stored statuses, in order; null for those offline. */
	List<String> statuses(List<String> userIds) {
		return this.redis.opsForValue().multiGet(userIds.stream().map(PresenceKeys::presenceKey).toList());
	}

	/** Whether the user starts typing in the conversation now. {@code kind} is {@code channel} or {@code dm}. */
	boolean type(String conversationId, String kind, String userId) {
		Long started = this.redis.execute(TYPE,
				List.of(typingKey(conversationId, userId), typingTokenKey(conversationId, userId), TYPING_DEADLINES),
				kind, Long.toString(TYPING_TTL.toSeconds()), Long.toString(TOKEN_TTL.toSeconds()),
				conversationId + ":" + userId);
		return started != null && started == 1L;
	}

	/** After the user's presence key expired: true for exactly one caller, who announces them offline. */
	boolean takePresenceExpiry(String userId) {
		return this.redis.execute(TAKE_TOKEN, List.of(presenceKey(userId), presenceTokenKey(userId))) != null;
	}

	/** After a typing key expired: the conversation's kind for exactly one caller, who announces the stop. */
	Optional<String> takeTypingExpiry(String conversationId, String userId) {
		return Optional.ofNullable(this.redis.execute(TAKE_TOKEN,
				List.of(typingKey(conversationId, userId), typingTokenKey(conversationId, userId))));
	}

	static String presenceKey(String userId) {
		return "presence:user:" + userId;
	}

	private static String announcedKey(String userId) {
		return "presence:announced:" + userId;
	}

	private static String announceHoldKey(String userId) {
		return "presence:announce-hold:" + userId;
	}

	private static String presenceTokenKey(String userId) {
		return "presence:token:" + userId;
	}

	static String typingKey(String conversationId, String userId) {
		return "typing:" + conversationId + ":" + userId;
	}

	private static String typingTokenKey(String conversationId, String userId) {
		return "typing-token:" + conversationId + ":" + userId;
	}

}
