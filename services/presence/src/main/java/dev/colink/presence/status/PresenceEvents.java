package dev.colink.presence.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.colink.events.EventEnvelope;
import dev.colink.events.EventType;

/**
 * Presence and typing events go to Kafka directly, not through an outbox: they announce state that lives in Redis
 * for seconds and is never committed to Postgres. One that Kafka refuses is logged and dropped; the next heartbeat
 * or keystroke says it again, and clients expire typing indicators on their own.
 */
@Component
class PresenceEvents {

	private static final Logger logger = LoggerFactory.getLogger(PresenceEvents.class);

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	PresenceEvents(KafkaTemplate<String, String> kafka, JsonMapper json) {
		this.kafka = kafka;
		this.json = json;
	}

	void publish(EventType type, String actorId, String key, Object data) {
		EventEnvelope<Object> event = EventEnvelope.of(type, actorId, key, data);
		this.kafka.send(type.topic(), key, this.json.writeValueAsString(event)).whenComplete((sent, error) -> {
			if (error != null) {
				logger.warn("{} of {} not published: {}", type.wireName(), key, error.toString());
			}
		});
	}

}
