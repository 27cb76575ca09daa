package dev.colink.platform.metrics;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lag of a topic from a consumer's fetch metrics, as Kafka 4 names them. */
class KafkaConsumerLagTest {

	@Test
	void eachPartitionIsCountedOnceThoughKafkaReportsItUnderTwoNames() {
		Map<MetricName, Metric> metrics = new HashMap<>();
		lag(metrics, "colink.messages", 0, 5);
		lag(metrics, "colink_messages", 0, 5);
		lag(metrics, "colink.messages", 1, 7);
		lag(metrics, "colink_messages", 1, 7);
		lag(metrics, "colink.channels", 0, 100);

		assertThat(KafkaConsumerLag.lag(Map.of("consumer-1", metrics), "colink.messages")).isEqualTo(12);
	}

	@Test
	void theUnderscoredNameServesWhereTheOtherIsMissing() {
		Map<MetricName, Metric> metrics = new HashMap<>();
		lag(metrics, "colink_messages", 0, 3);

		assertThat(KafkaConsumerLag.lag(Map.of("consumer-1", metrics), "colink.messages")).isEqualTo(3);
	}

	@Test
	void aConsumerWithoutPartitionsOfTheTopicIsNotBehind() {
		assertThat(KafkaConsumerLag.lag(Map.of("consumer-1", Map.of()), "colink.messages")).isZero();
	}

	private static void lag(Map<MetricName, Metric> metrics, String topic, int partition, double value) {
		MetricName name = new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
				Map.of("client-id", "consumer-1", "topic", topic, "partition", Integer.toString(partition)));
		metrics.put(name, new Metric() {

			@Override
			public MetricName metricName() {
				return name;
			}

			@Override
			public Object metricValue() {
				return value;
			}

		});
	}

}
