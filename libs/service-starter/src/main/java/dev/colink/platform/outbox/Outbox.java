package dev.colink.platform.outbox;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.colink.events.EventEnvelope;
import dev.colink.events.EventType;

/**
 * Writes an event in the transaction of the change it announces. The {@link OutboxRelay} publishes it to Kafka
 * once that transaction committed (woken at once by the commit), and deletes it once the broker acknowledged it:
 * a committed change is never lost on its way to Kafka, and a rolled-back one is never announced.
 */
public class Outbox {

	private static final String INSERT = """
			insert into outbox (event_id, source, topic, event_key, event_type, payload)
			values (?, ?, ?, ?, ?, cast(? as jsonb))""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final String source;

	private final Runnable afterCommit;

	public Outbox(JdbcClient jdbc, JsonMapper json, String source, Runnable afterCommit) {
		this.jdbc = jdbc;
		this.json = json;
		this.source = source;
		this.afterCommit = afterCommit;
	}

	/**
	 * Appends an event to the outbox; must run inside the transaction of the change.
	 * @param type the event type (its topic comes with it)
	 * @param actorId the user who caused it, or null
	 * @param key the partitioning key: the DM, channel or message the event is about
	 * @param data the event's body
	 * @return the envelope as it will be published
	 */
	public <T> EventEnvelope<T> append(EventType type, String actorId, String key, T data) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Outbox.append must run inside the transaction of the change it announces");
		}
		EventEnvelope<T> event = EventEnvelope.of(type, actorId, key, data);
		this.jdbc.sql(INSERT)
			.params(event.eventId(), this.source, type.topic(), key, type.wireName(), this.json.writeValueAsString(event))
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.afterCommit.run();
			}
		});
		return event;
	}

}
