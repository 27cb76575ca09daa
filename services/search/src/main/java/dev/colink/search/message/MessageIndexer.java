package dev.colink.search.message;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.events.EventType;
import dev.colink.platform.Backoff;

/**
 * Keeps the message index in step with {@code colink.messages}: each poll's events become one bulk request, one
 * write per message (the last state in the batch). A batch is acknowledged only once OpenSearch took it; while
 * OpenSearch is down the same batch is retried with a growing pause (see {@link IndexerConfiguration}), so an
 * outage delays indexing but loses nothing. Writes carry the time of their change as version: a redelivered or
 * out-of-order event cannot undo a newer one. The lag from an event's occurrence to its indexing is the timer
 * {@code colink.search.index.lag}.
 */
@Component
class MessageIndexer {

	private static final Logger log = LoggerFactory.getLogger(MessageIndexer.class);

	static final String LISTENER_ID = "message-indexer";

	private final MessageIndex index;

	private final JsonMapper json;

	private final Timer lag;

	private final KafkaListenerEndpointRegistry listeners;

	MessageIndexer(MessageIndex index, JsonMapper json, MeterRegistry meters, KafkaListenerEndpointRegistry listeners) {
		this.index = index;
		this.json = json;
		this.listeners = listeners;
		this.lag = Timer.builder("colink.search.index.lag")
			.description("From a message change to its being indexed (searchable one refresh interval later)")
			// Buckets, not percentiles computed here: Prometheus takes quantiles over every instance's histogram.
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(10))
			.maximumExpectedValue(Duration.ofMinutes(5))
			.register(meters);
	}

	/** The index exists before the first event is taken (a failure here retries, as OpenSearch may be starting). */
	@EventListener(ApplicationReadyEvent.class)
	void start(ApplicationReadyEvent ready) {
		if (ready.getApplicationContext().getEnvironment().getProperty("colink.search.reindex", Boolean.class, false)) {
			return; // a rebuild only: the running instances index the events
		}
		Thread starter = new Thread(() -> {
			Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
			for (int attempt = 1;; attempt++) {
				try {
					this.index.ensureExists();
					this.listeners.getListenerContainer(LISTENER_ID).start();
					return;
				}
				catch (IOException | RuntimeException ex) {
					Duration pause = backoff.after(attempt);
					log.warn("The message index is not ready ({}); trying again in {} s", ex.toString(), pause.toSeconds());
					try {
						Thread.sleep(pause.toMillis());
					}
					catch (InterruptedException interrupted) {
						return;
					}
				}
			}
		}, "message-index-setup");
		starter.setDaemon(true);
		starter.start();
	}

	@KafkaListener(id = LISTENER_ID, topics = EventType.Topics.MESSAGES, autoStartup = "false",
			containerFactory = IndexerConfiguration.CONTAINER_FACTORY)
	void index(List<ConsumerRecord<String, String>> records) throws IOException {
		Map<String, MessageIndex.Write> writes = new LinkedHashMap<>();
		List<Instant> occurred = new ArrayList<>(records.size());
		for (ConsumerRecord<String, String> record : records) {
			MessageIndex.Write write;
			Instant occurredAt;
			try {
				JsonNode event = this.json.readTree(record.value());
				write = write(event.path("type").asString(""), event.path("data"));
				occurredAt = Instant.parse(event.path("occurredAt").asString());
			}
			catch (RuntimeException ex) {
				// Not an event this service can read: retrying would block every later one.
				log.error("Skipping the unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), ex.toString());
				continue;
			}
			if (write != null) {
				MessageIndex.Write earlier = writes.get(write.messageId());
				if (earlier == null || earlier.version() <= write.version()) {
					writes.put(write.messageId(), write);
				}
				occurred.add(occurredAt);
			}
		}
		this.index.apply(new ArrayList<>(writes.values()));
		Instant now = Instant.now();
		occurred.forEach((at) -> this.lag.record(Duration.between(at, now)));
	}

	/** The write an event makes, or null for an event that does not change the index. */
	static MessageIndex.Write write(String type, JsonNode data) {
		String messageId = data.path("messageId").asString(null);
		if (messageId == null) {
			return null;
		}
		String channelId = data.path("channelId").asString(null);
		String dmId = data.path("dmId").asString(null);
		String threadId = data.path("threadId").asString(null);
		String senderId = data.path("senderId").asString(null);
		return switch (type) {
			case "message.created" -> new MessageIndex.Write(messageId, millis(data, "createdAt"), MessageDocument
				.visible(messageId, data.path("text").asString(), channelId, dmId, threadId, senderId, data.path("createdAt").asString()));
			case "message.updated" -> new MessageIndex.Write(messageId, millis(data, "editedAt"), MessageDocument.visible(
					messageId, data.path("text").asString(), channelId, dmId, threadId, senderId, data.path("createdAt").asString(null)));
			case "message.deleted" -> new MessageIndex.Write(messageId, millis(data, "deletedAt"),
					MessageDocument.tombstone(messageId, channelId, dmId, threadId, senderId));
			case "message.moderated" -> new MessageIndex.Write(messageId, millis(data, "moderatedAt"),
					MessageDocument.tombstone(messageId, channelId, dmId, threadId, senderId));
			default -> null;
		};
	}

	private static long millis(JsonNode data, String field) {
		String at = data.path(field).asString(null);
		return (at != null) ? Instant.parse(at).toEpochMilli() : Instant.now().toEpochMilli();
	}

}
