package dev.colink.platform.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code colink.kafka.consumer.lag{group, topic}}: the records this instance's listener containers have yet to read,
 * summed over the partitions of the topic they hold. Read from the consumers' own fetch metrics ({@code records-lag}
 * per partition, which the consumer updates with every fetch), at most once per {@link #MAX_AGE}: nothing is added
 * to the consumption of a record. A group's whole lag is the sum over its instances. NaN while a container has no
 * consumer (not started yet, or stopped).
 */
public class KafkaConsumerLag implements ApplicationListener<ApplicationStartedEvent> {

	static final Duration MAX_AGE = Duration.ofSeconds(2);

	private static final String FETCH_METRICS = "consumer-fetch-manager-metrics";

	private final ObjectProvider<KafkaListenerEndpointRegistry> listenerRegistry;

	private final ObjectProvider<MeterRegistry> meterRegistry;

	private final CachedReading<Map<Key, Double>> lags = new CachedReading<>(MAX_AGE, this::read);

	private KafkaListenerEndpointRegistry listeners;

	public KafkaConsumerLag(ObjectProvider<KafkaListenerEndpointRegistry> listenerRegistry,
			ObjectProvider<MeterRegistry> meterRegistry) {
		this.listenerRegistry = listenerRegistry;
		this.meterRegistry = meterRegistry;
	}

	/** Every listener container exists once the context is refreshed; one gauge per group and topic it reads. */
	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		MeterRegistry registry = this.meterRegistry.getIfAvailable();
		this.listeners = this.listenerRegistry.getIfAvailable();
		if (registry == null || this.listeners == null) {
			return; // no meters, or no listener in this service
		}
		for (MessageListenerContainer container : this.listeners.getAllListenerContainers()) {
			String[] topics = container.getContainerProperties().getTopics();
			if (topics == null || container.getGroupId() == null) {
				continue; // a pattern or hand-assigned partitions: no group's lag to speak of
			}
			for (String topic : topics) {
				Key key = new Key(container.getGroupId(), topic);
				Gauge.builder("colink.kafka.consumer.lag", this, (lag) -> lag.of(key))
					.description("Records not yet consumed by this instance, over the partitions of the topic it holds")
					.baseUnit("records")
					.tag("group", key.group())
					.tag("topic", key.topic())
					.register(registry);
			}
		}
	}

	private double of(Key key) {
		Map<Key, Double> all = this.lags.get();
		Double lag = (all != null) ? all.get(key) : null;
		return (lag != null) ? lag : Double.NaN;
	}

	private Map<Key, Double> read() {
		Map<Key, Double> lags = new HashMap<>();
		for (MessageListenerContainer container : this.listeners.getAllListenerContainers()) {
			String[] topics = container.getContainerProperties().getTopics();
			if (topics == null || container.getGroupId() == null) {
				continue;
			}
			Map<String, Map<MetricName, ? extends Metric>> consumers = container.metrics();
			if (consumers.isEmpty()) {
				continue;
			}
			for (String topic : topics) {
				lags.put(new Key(container.getGroupId(), topic), lag(consumers, topic));
			}
		}
		return lags;
	}

	static double lag(Map<String, Map<MetricName, ? extends Metric>> consumers, String topic) {
		// Kafka 4 reports each partition's lag twice: tagged with the topic's name, and (the older form, deprecated)
		// with its dots as underscores. The first is summed, the second only where the first is missing.
		String legacy = topic.replace('.', '_');
		double named = 0;
		double underscored = 0;
		boolean found = false;
		for (Map<MetricName, ? extends Metric> metrics : consumers.values()) {
			for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
				MetricName name = metric.getKey();
				if (!"records-lag".equals(name.name()) || !FETCH_METRICS.equals(name.group())) {
					continue;
				}
				if (!(metric.getValue().metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
					continue;
				}
				String of = name.tags().get("topic");
				if (topic.equals(of)) {
					named += value.doubleValue();
					found = true;
				}
				else if (legacy.equals(of)) {
					underscored += value.doubleValue();
				}
			}
		}
		return found ? named : underscored;
	}

	private record Key(String group, String topic) {
	}

}
