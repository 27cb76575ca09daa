package dev.colink.presence.status;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.colink.events.EventEnvelope;
import dev.colink.events.EventType;
import dev.colink.events.PresenceUpdated;
import dev.colink.presence.status.PresenceKeys.Announcement;

/**
 * Presence and typing events go to Kafka directly, not through an outbox: they announce state that lives in Redis
 * for seconds and is never committed to Postgres. One that Kafka refuses is logged and dropped; the next heartbeat
 * or keystroke says it again, and clients expire typing indicators on their own.
 * <p>
 * {@code presence.updated} is bounded per user: at most one per interval ({@code colink.presence.announce-interval},
 * 5 s). Each reaches everyone who shares a channel or a DM with the user, so a user in a 10,000-member channel
 * flipping status as fast as the rate limit allows would otherwise make 10,000 sockets' journals work 50 times a
 * second. A change is published at once when the user's last one is older than the interval; otherwise it waits, and
 * when the interval ends the status the user has then is published (the latest wins, and the final state is always
 * published). A status equal to the last one published is never published again, so flipping away and back within
 * an interval publishes nothing more. Redis holds the decision ({@link PresenceKeys#announce}), so it holds across
 * instances, and each pending announcement is taken by one instance.
 */
@Component
class PresenceEvents {

	private static final Logger logger = LoggerFactory.getLogger(PresenceEvents.class);

	/** Separates status and custom status in the stored value, as {@link Statuses} stores it. */
	static final char SEPARATOR = '\u001f';

	static final String OFFLINE_VALUE = Statuses.OFFLINE + SEPARATOR;

	private static final int SWEEP_BATCH = 500;

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final PresenceKeys keys;

	private final Duration announceInterval;

	PresenceEvents(KafkaTemplate<String, String> kafka, JsonMapper json, PresenceKeys keys,
			@Value("${colink.presence.announce-interval:5s}") Duration announceInterval) {
		this.kafka = kafka;
		this.json = json;
		this.keys = keys;
		this.announceInterval = announceInterval;
	}

	/** Publishes an event; a {@code presence.updated} now, at the end of the user's interval, or not at all. */
	void publish(EventType type, String actorId, String key, Object data) {
		if (type == EventType.PRESENCE_UPDATED && data instanceof PresenceUpdated presence) {
			announce(presence);
		}
		else {
			send(type, actorId, key, data);
		}
	}

	/** A user's status changed (offline included): announced now, at the end of the interval, or not at all. */
	Announcement announce(PresenceUpdated presence) {
		String value = presence.status() + SEPARATOR + ((presence.customStatus() != null) ? presence.customStatus() : "");
		Announcement decision = this.keys.announce(presence.userId(), value, this.announceInterval);
		if (decision == Announcement.NOW) {
			send(EventType.PRESENCE_UPDATED, presence.userId(), presence.userId(), presence);
		}
		return decision;
	}

	/** The users whose interval ended with a change pending: their status then, unless it is the one published. */
	@Scheduled(fixedDelayString = "${colink.presence.sweep-interval:250ms}")
	void announcePending() {
		try {
			for (String userId : this.keys.dueAnnouncements(SWEEP_BATCH)) {
				this.keys.announcePending(userId, OFFLINE_VALUE, this.announceInterval).ifPresent((value) -> {
					int at = value.indexOf(SEPARATOR);
					String status = (at < 0) ? value : value.substring(0, at);
					String custom = (at < 0) ? "" : value.substring(at + 1);
					send(EventType.PRESENCE_UPDATED, userId, userId,
							new PresenceUpdated(userId, status, custom.isEmpty() ? null : custom, Instant.now()));
				});
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Pending presence announcements not made now: {}", ex.toString());
		}
	}

	/** Sends one event to its topic, keyed. */
	void send(EventType type, String actorId, String key, Object data) {
		EventEnvelope<Object> event = EventEnvelope.of(type, actorId, key, data);
		this.kafka.send(type.topic(), key, this.json.writeValueAsString(event)).whenComplete((sent, error) -> {
			if (error != null) {
				logger.warn("{} of {} not published: {}", type.wireName(), key, error.toString());
			}
		});
	}

}
