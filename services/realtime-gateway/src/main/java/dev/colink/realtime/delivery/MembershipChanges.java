package dev.colink.realtime.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.colink.events.EventType;
import dev.colink.platform.Backoff;

/**
 * Every instance hears every membership change, outside the shared consumer group (which hands each event to one
 * instance only), and drops that channel from its {@link Audience} cache: a member who left stops receiving at once
 * wherever the channel's events are journaled.
 */
@Component
class MembershipChanges implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MembershipChanges.class);

	private static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

	private final Audience audience;

	private final JsonMapper json;

	private final String bootstrapServers;

	private volatile KafkaConsumer<String, String> consumer;

	private volatile Thread thread;

	MembershipChanges(Audience audience, JsonMapper json,
			@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
		this.audience = audience;
		this.json = json;
		this.bootstrapServers = bootstrapServers;
	}

	@Override
	public void start() {
		this.thread = new Thread(this::run, "membership-changes");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Follows the channels topic from its end. A topic that does not exist yet (a fresh installation, before the
	 * first channel) or a broker that is away is waited for, with growing pauses: giving up would leave this
	 * instance delivering to members who left until their cached lists expire.
	 */
	private void run() {
		int failures = 0;
		while (this.thread != null) {
			try {
				follow();
				return;
			}
			catch (WakeupException ex) {
				return;
			}
			catch (RuntimeException ex) {
				failures++;
				logger.warn("Membership changes are not followed for now (attempt {}); cached memberships expire on their own: {}",
						failures, ex.toString());
			}
			try {
				Thread.sleep(RETRY.after(failures).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void follow() {
		try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.bootstrapServers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			this.consumer = kafka;
			if (this.thread == null) {
				return;
			}
			List<TopicPartition> partitions = kafka.partitionsFor(EventType.Topics.CHANNELS, Duration.ofMinutes(1))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			if (partitions.isEmpty()) {
				throw new IllegalStateException("topic " + EventType.Topics.CHANNELS + " has no partitions yet");
			}
			kafka.assign(partitions);
			kafka.seekToEnd(partitions);
			while (this.thread != null) {
				for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofSeconds(1))) {
					JsonNode event = this.json.readTree(record.value());
					String type = event.path("type").asString();
					if (type.startsWith("channel.member_")) {
						this.audience.forget(event.path("data").path("channelId").asString());
					}
				}
			}
		}
		finally {
			this.consumer = null;
		}
	}

	@Override
	public void stop() {
		Thread running = this.thread;
		this.thread = null;
		KafkaConsumer<String, String> kafka = this.consumer;
		if (kafka != null) {
			kafka.wakeup();
		}
		if (running != null) {
			running.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

}
