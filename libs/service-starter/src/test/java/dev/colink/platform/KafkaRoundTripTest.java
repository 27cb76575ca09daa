package dev.colink.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import dev.colink.events.EventEnvelope;
import dev.colink.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An event envelope through the real broker: produced with acks=all, consumed, and read back unchanged. */
class KafkaRoundTripTest {

	private static final String BOOTSTRAP = System.getenv().getOrDefault("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void anEventSentToTheBrokerIsConsumedUnchanged() throws Exception {
		String topic = "colink.test.round-trip." + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
			try {
				EventEnvelope<Map<String, String>> sent = EventEnvelope.of(EventType.MESSAGE_CREATED, "user-1",
						"channel-1", Map.of("messageId", "m-1", "text", "hello"));

				DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(Map.of(
						ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
						StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
				RecordMetadata metadata = new KafkaTemplate<>(producers)
					.send(topic, sent.key(), this.json.writeValueAsString(sent))
					.get(30, TimeUnit.SECONDS)
					.getRecordMetadata();
				producers.destroy();

				EventEnvelope<Map<String, String>> received = consumeOne(topic);

				assertThat(metadata.offset()).isZero();
				assertThat(received).isEqualTo(sent);
			}
			finally {
				admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void healthIsUpAgainstTheRunningBrokerAndDownWhereNoBrokerListens() throws Exception {
		KafkaHealthIndicator live = new KafkaHealthIndicator(
				Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP)));
		KafkaHealthIndicator dead = new KafkaHealthIndicator(Admin.create(Map.of(
				AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				1000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000)));
		try {
			Health up = live.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsKey("clusterId").containsEntry("nodes", 1);
			assertThat(dead.health(true).getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			live.destroy();
			dead.destroy();
		}
	}

	private EventEnvelope<Map<String, String>> consumeOne(String topic) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			consumer.subscribe(List.of(topic));
			ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					found[0] = record;
				}
				return found[0] != null;
			});
			assertThat(found[0].key()).isEqualTo("channel-1");
			return this.json.readValue(found[0].value(), new TypeReference<>() {
			});
		}
	}

}
