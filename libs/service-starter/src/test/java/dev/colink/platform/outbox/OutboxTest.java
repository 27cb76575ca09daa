package dev.colink.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.events.EventEnvelope;
import dev.colink.events.EventType;
import dev.colink.events.UserLoggedIn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** The outbox against the real PostgreSQL and Kafka of the stack. */
@SpringBootTest(classes = OutboxTest.App.class, properties = { "spring.application.name=outbox-test", "spring.config.import=classpath:colink-service-defaults.yml",
		"colink.outbox.poll-interval=5s", "spring.main.web-application-type=none" })
class OutboxTest {

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JsonMapper json;

	@Autowired
	KafkaTemplate<String, String> kafka;

	private KafkaConsumer<String, String> consumer;

	@BeforeEach
	void subscribe() {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				System.getenv().getOrDefault("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092"), ConsumerConfig.GROUP_ID_CONFIG,
				"outbox-test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		this.consumer.subscribe(List.of(EventType.Topics.USERS));
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.consumer.poll(Duration.ofMillis(100));
			return !this.consumer.assignment().isEmpty();
		});
		// Resolve the "latest" positions now, so that nothing produced from here on is skipped.
		this.consumer.assignment().forEach(this.consumer::position);
	}

	@AfterEach
	void close() {
		this.consumer.close();
	}

	@Test
	void aCommittedEventReachesKafkaAtOnceAndLeavesTheOutbox() {
		String user = UUID.randomUUID().toString();
		EventEnvelope<UserLoggedIn> event = this.transactions
			.execute((status) -> this.outbox.append(EventType.USER_LOGGED_IN, user, user, signIn(user)));

		ConsumerRecord<String, String> received = awaitEvent(event.eventId());

		assertThat(received.key()).isEqualTo(user);
		assertThat(new String(received.headers().lastHeader("colink-event-type").value())).isEqualTo("user.logged_in");
		assertThat(this.json.readTree(received.value()).get("data").get("userId").asString()).isEqualTo(user);
		await().atMost(Duration.ofSeconds(10)).until(() -> rowsOf(event.eventId()) == 0);
	}

	@Test
	void aRolledBackChangeIsNeverAnnounced() {
		UUID[] eventId = new UUID[1];
		this.transactions.executeWithoutResult((status) -> {
			String user = UUID.randomUUID().toString();
			eventId[0] = this.outbox.append(EventType.USER_LOGGED_IN, user, user, signIn(user)).eventId();
			status.setRollbackOnly();
		});

		assertThat(rowsOf(eventId[0])).isZero();
	}

	@Test
	void appendingOutsideATransactionIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.outbox.append(EventType.USER_LOGGED_IN, "u-3", "u-3", signIn(UUID.randomUUID().toString())));
	}

	@Test
	void eventsWaitInTheOutboxWhileKafkaIsUnreachableAndAreSentOnceItAnswers() {
		String source = "outbox-test-offline-" + UUID.randomUUID();
		Outbox offlineOutbox = new Outbox(this.jdbc, this.json, source, () -> {
		});
		DefaultKafkaProducerFactory<String, String> unreachable = new DefaultKafkaProducerFactory<>(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		OutboxProperties properties = new OutboxProperties(true, 500, Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofSeconds(2));
		List<UUID> ids = new ArrayList<>();
		this.transactions.executeWithoutResult((status) -> {
			String user = UUID.randomUUID().toString();
			for (int i = 0; i < 3; i++) {
				ids.add(offlineOutbox.append(EventType.USER_LOGGED_IN, user, user, signIn(user)).eventId());
			}
		});
		OutboxRelay down = new OutboxRelay(this.jdbc, this.transactions, new KafkaTemplate<>(unreachable), properties,
				source);
		OutboxRelay up = new OutboxRelay(this.jdbc, this.transactions, this.kafka, properties, source);
		try {
			assertThat(tryRelay(down)).isFalse();
			assertThat(ids).allSatisfy((id) -> assertThat(rowsOf(id)).isOne());

			assertThat(up.relayBatch()).isEqualTo(3);

			List<UUID> received = new ArrayList<>();
			for (UUID id : ids) {
				received.add(UUID.fromString(new String(awaitEvent(id).headers().lastHeader("colink-event-id").value())));
			}
			assertThat(received).containsExactlyElementsOf(ids);
			assertThat(ids).allSatisfy((id) -> assertThat(rowsOf(id)).isZero());
		}
		finally {
			unreachable.destroy();
			this.jdbc.sql("delete from outbox where source = ?").param(source).update();
		}
	}

	private boolean tryRelay(OutboxRelay relay) {
		try {
			relay.relayBatch();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private int rowsOf(UUID eventId) {
		return this.jdbc.sql("select count(*) from outbox where event_id = ?").param(eventId).query(Integer.class).single();
	}

	private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	private ConsumerRecord<String, String> awaitEvent(UUID eventId) {
		ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
			for (ConsumerRecord<String, String> record : this.seen) {
				if (eventId.toString().equals(new String(record.headers().lastHeader("colink-event-id").value()))) {
					found[0] = record;
				}
			}
			return found[0] != null;
		});
		return found[0];
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@org.springframework.context.annotation.Bean
		TransactionTemplate transactionTemplate(org.springframework.transaction.PlatformTransactionManager manager) {
			return new TransactionTemplate(manager);
		}

	}

	/** A real user.logged_in, as the auth proxy writes it: these go to the real topic, where consumers read them. */
	private static UserLoggedIn signIn(String userId) {
		return new UserLoggedIn(userId, "outbox-test", Instant.now());
	}

}
