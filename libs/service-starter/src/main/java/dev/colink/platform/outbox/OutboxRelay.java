package dev.colink.platform.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.platform.PollingWorker;

/**
 * Publishes a service's outbox rows to Kafka in the order they were written, then deletes them. One relay per
 * service holds the work at a time (a transaction-scoped advisory lock per service), so events of one key keep
 * their order even with several instances; a batch is deleted only after Kafka acknowledged all of it, so a crash
 * or a broker outage delays events but never loses one (consumers ignore the rare redelivery by event id).
 */
public class OutboxRelay extends PollingWorker {

	/**
	 * Takes the oldest rows out in one statement; they come back (the transaction rolls back) unless Kafka acknowledged
	 * all of them.
	 */
	private static final String TAKE_BATCH = """
			delete from outbox where id in
			  (select id from outbox where source = ? order by id limit ? for update skip locked)
			returning id, event_id, topic, event_key, event_type, payload::text as payload""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, String> kafka;

	private final OutboxProperties properties;

	private final String source;

	private final long lockKey;

	private volatile OutboxMeters meters;

	public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties, String source) {
		super("outbox-relay", properties.pollInterval(), properties.maxBackoff());
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.source = source;
		this.lockKey = ("colink-outbox:" + source).hashCode();
	}

	/** Counts the events relayed from now on ({@code colink.outbox.relayed}). */
	public void countWith(OutboxMeters meters) {
		this.meters = meters;
	}

	/**
	 * Relays one batch.
	 * @return how many events were published, or -1 when another instance holds this service's outbox
	 */
	public int relayBatch() {
		Integer relayed = this.transactions.execute((status) -> {
			boolean locked = this.jdbc.sql("select pg_try_advisory_xact_lock(?)").param(this.lockKey)
				.query(Boolean.class).single();
			if (!locked) {
				return -1;
			}
			List<Row> rows = new ArrayList<>(this.jdbc.sql(TAKE_BATCH).params(this.source, this.properties.batchSize())
				.query(Row::of).list());
			rows.sort(Comparator.comparingLong(Row::id)); // RETURNING keeps no order
			if (rows.isEmpty()) {
				return 0;
			}
			List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
			for (Row row : rows) {
				ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.eventKey(), row.payload());
				record.headers().add("colink-event-type", row.eventType().getBytes());
				record.headers().add("colink-event-id", row.eventId().toString().getBytes());
				acks.add(this.kafka.send(record));
			}
			try {
				CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
					.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Kafka did not acknowledge the batch", ex);
			}
			OutboxMeters counted = this.meters;
			if (counted != null) {
				rows.forEach((row) -> counted.relayed(row.topic(), 1));
			}
			return rows.size();
		});
		return (relayed != null) ? relayed : 0;
	}

	@Override
	protected boolean batch() {
		return relayBatch() == this.properties.batchSize();
	}

	record Row(long id, UUID eventId, String topic, String eventKey, String eventType, String payload) {

		/**
		 * By column index: a mapper by property names looks each camel-case name up first, and the driver answers a
		 * missing column with an exception, three for every row relayed.
		 */
		static Row of(ResultSet row, int rowNumber) throws SQLException {
			return new Row(row.getLong(1), row.getObject(2, UUID.class), row.getString(3), row.getString(4),
					row.getString(5), row.getString(6));
		}

	}

}
