package dev.colink.platform.outbox;

import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.events.EventType;
import dev.colink.events.UserLoggedIn;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox's meters against the real PostgreSQL and Kafka of the stack, on an outbox of the test's own. */
@SpringBootTest(classes = OutboxTest.App.class, properties = { "spring.application.name=outbox-test",
		"spring.config.import=classpath:colink-service-defaults.yml", "colink.outbox.poll-interval=5s",
		"spring.main.web-application-type=none" })
class OutboxMetersTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JsonMapper json;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void theBacklogTheAgeOfItsOldestRowAndTheEventsRelayedAreMeasured() {
		String source = "outbox-meters-test-" + UUID.randomUUID();
		Outbox outbox = new Outbox(this.jdbc, this.json, source, () -> {
		});
		OutboxRelay relay = new OutboxRelay(this.jdbc, this.transactions, this.kafka,
				new OutboxProperties(true, 500, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(2)),
				source);
		try {
			this.transactions.executeWithoutResult((status) -> {
				String user = UUID.randomUUID().toString();
				for (int i = 0; i < 2; i++) {
					outbox.append(EventType.USER_LOGGED_IN, user, user,
							new UserLoggedIn(user, "outbox-meters-test", Instant.now()));
				}
			});
			MeterRegistry registry = new SimpleMeterRegistry();
			relay.countWith(new OutboxMeters(this.jdbc, source, registry));

			assertThat(registry.get("colink.outbox.backlog").gauge().value()).isEqualTo(2);
			assertThat(registry.get("colink.outbox.oldest.age").gauge().value()).isGreaterThanOrEqualTo(0);
			assertThat(relay.relayBatch()).isEqualTo(2);
			assertThat(registry.get("colink.outbox.relayed").tag("topic", EventType.Topics.USERS).counter().count())
				.isEqualTo(2);

			MeterRegistry after = new SimpleMeterRegistry();
			OutboxMeters drained = new OutboxMeters(this.jdbc, source, after);
			assertThat(after.get("colink.outbox.backlog").gauge().value()).isZero();
			assertThat(after.get("colink.outbox.oldest.age").gauge().value()).isZero();
			Reference.reachabilityFence(drained); // a gauge holds its object weakly
		}
		finally {
			this.jdbc.sql("delete from outbox where source = ?").param(source).update();
		}
	}

}
