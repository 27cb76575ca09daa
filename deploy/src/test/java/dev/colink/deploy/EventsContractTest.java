package dev.colink.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colink.security.testing.ApiContract;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events on the running stack's Kafka topics, as the services published them (in a full build, the services'
 * tests published every kind before this module runs): each must be a message of asyncapi/events.yaml on its
 * topic and fit that message's schema. Reads the records of the last two hours (at most the newest 5,000 of each
 * partition), without a consumer group.
 */
class EventsContractTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String BOOTSTRAP = System.getenv().getOrDefault("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

	private static final List<String> TOPICS = List.of("colink.users", "colink.messages", "colink.channels",
			"colink.files", "colink.presence", "colink.reactions");

	/** Records read per partition at most, from its end. */
	private static final int NEWEST = 5_000;

	/** Only events of the current build: older ones were checked by the builds that made them. */
	private static final Duration RECENT = Duration.ofHours(2);

	@Test
	void everyEventOnEveryTopicFitsItsDocumentedMessage() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
		Map<String, Set<String>> seen = new TreeMap<>();
		List<String> breaches = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			consumer.listTopics(Duration.ofSeconds(10)).forEach((topic, infos) -> {
				if (TOPICS.contains(topic)) {
					infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
				}
			});
			assertThat(partitions).as("the stack's topics").isNotEmpty();
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			long since = System.currentTimeMillis() - RECENT.toMillis();
			Map<TopicPartition, Long> sinceTimes = new java.util.HashMap<>();
			partitions.forEach((partition) -> sinceTimes.put(partition, since));
			Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> recent = consumer
				.offsetsForTimes(sinceTimes, Duration.ofSeconds(10));
			ends.forEach((partition, end) -> {
				long first = (recent.get(partition) != null) ? recent.get(partition).offset() : end;
				consumer.seek(partition, Math.max(first, end - NEWEST));
			});
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))
					&& System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
						continue;
					}
					String type = type(record);
					seen.computeIfAbsent(record.topic(), (topic) -> new TreeSet<>()).add(type);
					try {
						ApiContract.checkEvent(record.topic(), type, record.value());
					}
					catch (AssertionError breach) {
						breaches.add(breach.getMessage());
					}
				}
			}
		}
		assertThat(breaches).as("events that do not fit asyncapi/events.yaml").isEmpty();
		assertThat(seen).as("events read").isNotEmpty();
		seen.forEach((topic, types) -> System.out.println(topic + ": checked " + types + "; documented but not seen: "
				+ new TreeSet<>(ApiContract.eventTypes(topic)).stream().filter((type) -> !types.contains(type)).toList()));
	}

	/** The event's type: the relay's header, or (presence events go to Kafka directly) the envelope's own field. */
	private static String type(ConsumerRecord<String, String> record) {
		Header header = record.headers().lastHeader("colink-event-type");
		if (header != null) {
			return new String(header.value(), StandardCharsets.UTF_8);
		}
		try {
			return JSON.readTree(record.value()).path("type").asText("(no type)");
		}
		catch (java.io.IOException ex) {
			return "(not JSON)";
		}
	}

}
