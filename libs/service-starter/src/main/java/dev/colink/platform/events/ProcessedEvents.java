package dev.colink.platform.events;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a Kafka consumer has already applied ({@code processed_events}), so that a redelivered event changes nothing
 * twice. A consumer calls {@link #firstTime} in the transaction that applies the event: the row and the change commit
 * together, or neither does and the redelivery applies it then.
 */
public class ProcessedEvents {

	private final JdbcClient jdbc;

	public ProcessedEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that {@code consumer} applies {@code eventId}; must run inside the transaction that applies it.
	 * @return true the first time, false for a redelivery (then apply nothing); a concurrent delivery of the same
	 * event waits for the first one's transaction and then answers false
	 */
	public boolean firstTime(String consumer, UUID eventId) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("ProcessedEvents.firstTime must run inside the transaction applying the event");
		}
		return this.jdbc.sql("insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing")
			.params(consumer, eventId)
			.update() == 1;
	}

}
