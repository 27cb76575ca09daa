package dev.colink.messaging.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.awaitility.Awaitility;

/**
 * What a Kafka topic of the running stack receives from now on: assigned to every partition at its current end, it
 * collects the events (envelopes as JSON) published after it was opened.
 */
final class EventLog implements AutoCloseable {

	private static final String BOOTSTRAP = System.getenv().getOrDefault("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KafkaConsumer<String, String> consumer;

	private final List<JsonNode> events = new ArrayList<>();

	EventLog(String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((partition) -> new TopicPartition(topic, partition.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position); // fix the start now, not at the first poll
	}

	/** Waits until the events matching {@code filter} number at least {@code count}; returns those seen. */
	List<JsonNode> await(Predicate<JsonNode> filter, int count, Duration timeout) {
		Awaitility.await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> {
			poll();
			return matching(filter).size() >= count;
		});
		return matching(filter);
	}

	/** Every event matching {@code filter} seen so far, after reading what arrived meanwhile. */
	List<JsonNode> matching(Predicate<JsonNode> filter) {
		return this.events.stream().filter(filter).toList();
	}

	void poll() {
		for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(200))) {
			JsonNode event = JSON.readTree(record.value());
			((tools.jackson.databind.node.ObjectNode) event).put("_key", record.key());
			this.events.add(event);
		}
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
