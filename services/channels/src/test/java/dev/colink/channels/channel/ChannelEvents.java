package dev.colink.channels.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.events.EventType;

import static org.awaitility.Awaitility.await;

/**
 * What arrives on {@code colink.channels} from now on, read by a consumer of its own group: a test starts it before
 * acting, then waits for the events keyed by its channel.
 */
final class ChannelEvents implements AutoCloseable {

	private static final String BOOTSTRAP = System.getenv().getOrDefault("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KafkaConsumer<String, String> consumer;

	private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	/** An event as it arrived: its type header and its envelope. */
	record Event(String type, JsonNode envelope) {

		JsonNode data() {
			return this.envelope.get("data");
		}

	}

	ChannelEvents() {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
				ConsumerConfig.GROUP_ID_CONFIG, "channels-test-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		this.consumer.subscribe(List.of(EventType.Topics.CHANNELS));
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
			return !this.consumer.assignment().isEmpty();
		});
		// Resolve the "latest" positions now, so that nothing produced from here on is skipped.
		this.consumer.assignment().forEach(this.consumer::position);
	}

	/** Waits until {@code count} events keyed by the channel arrived, and returns them in their order. */
	List<Event> awaitEvents(String channelId, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
			return keyedBy(channelId).size() >= count;
		});
		return keyedBy(channelId).stream()
			.map((record) -> new Event(new String(record.headers().lastHeader("colink-event-type").value()),
					JSON.readTree(record.value())))
			.toList();
	}

	private List<ConsumerRecord<String, String>> keyedBy(String channelId) {
		return this.seen.stream().filter((record) -> channelId.equals(record.key())).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
