package dev.colink.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What travels on Kafka: one event of one {@link EventType}, keyed by the aggregate it concerns (a DM, a channel,
 * a message), so that all events of one key keep their order on one partition.
 *
 * @param eventId    unique per event; consumers use it to ignore redeliveries
 * @param type       the event's wire name, e.g. {@code message.created}
 * @param version    schema version of {@code data}
 * @param occurredAt when the change committed
 * @param actorId    the user who caused it, or null for the system
 * @param key        the partitioning key ({@code dm_id}, {@code channel_id} or {@code message_id})
 * @param data       the event's body, one of the records of this package
 */
public record EventEnvelope<T>(UUID eventId, String type, int version, Instant occurredAt, String actorId, String key,
		T data) {

	public static <T> EventEnvelope<T> of(EventType type, String actorId, String key, T data) {
		return new EventEnvelope<>(UUID.randomUUID(), type.wireName(), 1, Instant.now(), actorId, key, data);
	}

}
