package dev.colink.presence.status;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hears Redis expire presence and typing keys (keyspace notifications, {@code __keyevent@*__:expired}), and sweeps
 * their deadlines for the expiries Redis has not noticed yet, and hands each expiry to {@link Statuses}, where
 * exactly one instance announces it. Redis sends these notifications only when
 * {@code notify-keyspace-events} includes {@code E} and {@code x}; this service adds them at start. Where the
 * server refuses {@code CONFIG SET} (some managed Redis), set them there: without them nobody is announced offline
 * and typing stops only on the clients' own timers.
 */
@Component
class Expiries implements MessageListener {

	private static final Logger logger = LoggerFactory.getLogger(Expiries.class);

	private static final String PRESENCE_PREFIX = "presence:user:";

	private static final String TYPING_PREFIX = "typing:";

	private static final int SWEEP_BATCH = 500;

	private final Statuses statuses;

	private final PresenceKeys keys;

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	Expiries(Statuses statuses, PresenceKeys keys, RedisConnectionFactory redis, StringRedisTemplate template) {
		this.statuses = statuses;
		this.keys = keys;
		enableNotifications(template);
		this.container.setConnectionFactory(redis);
		this.container.addMessageListener(this, new PatternTopic("__keyevent@*__:expired"));
		this.container.afterPropertiesSet();
		this.container.start();
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String key = new String(message.getBody(), StandardCharsets.UTF_8);
		try {
			if (key.startsWith(PRESENCE_PREFIX)) {
				this.statuses.presenceExpired(key.substring(PRESENCE_PREFIX.length()));
			}
			else if (key.startsWith(TYPING_PREFIX)) {
				int at = key.indexOf(':', TYPING_PREFIX.length());
				if (at > 0) {
					this.statuses.typingExpired(key.substring(TYPING_PREFIX.length(), at), key.substring(at + 1));
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("The expiry of {} was not announced: {}", key, ex.toString());
		}
	}

	/** Adds E (keyevent channels) and x (expired events) to the server's notify-keyspace-events. */
	private static void enableNotifications(StringRedisTemplate template) {
		try {
			template.execute((RedisCallback<Void>) (connection) -> {
				Properties current = connection.serverCommands().getConfig("notify-keyspace-events");
				String flags = (current != null) ? current.getProperty("notify-keyspace-events", "") : "";
				String wanted = flags;
				if (!wanted.contains("E")) {
					wanted += "E";
				}
				if (!wanted.contains("x") && !wanted.contains("A")) {
					wanted += "x";
				}
				if (!wanted.equals(flags)) {
					connection.serverCommands().setConfig("notify-keyspace-events", wanted);
					logger.info("Redis notify-keyspace-events set to '{}' (was '{}')", wanted, flags);
				}
				return null;
			});
		}
		catch (DataAccessException ex) {
			logger.warn("Redis refused to enable expiry notifications ({}); offline and typing-stopped events are not "
					+ "announced until notify-keyspace-events includes E and x", ex.toString());
		}
	}

	/**
	 * The deadlines that passed: presence and typing whose keys lived out their time, whether or not Redis noticed
	 * yet. Each due entry is handed to one instance; the token decides, with the notification path, who announces.
	 */
	@Scheduled(fixedDelayString = "${colink.presence.sweep-interval:250ms}")
	void sweep() {
		try {
			for (String userId : this.keys.duePresence(SWEEP_BATCH)) {
				this.statuses.presenceExpired(userId);
			}
			for (String member : this.keys.dueTyping(SWEEP_BATCH)) {
				int at = member.indexOf(':');
				this.statuses.typingExpired(member.substring(0, at), member.substring(at + 1));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Expired presence and typing not swept now: {}", ex.toString());
		}
	}

	@jakarta.annotation.PreDestroy
	void stop() throws Exception {
		this.container.destroy();
	}

}
