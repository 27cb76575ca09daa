package dev.colink.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The meters every service shares beyond Boot's own (the convention and the list: docs/operations.md, Metrics).
 * The outbox's are with the outbox ({@code OutboxMeters}), the request limit's with {@code RequestLimit}.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
public class MetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
	static class KafkaConfiguration {

		@Bean
		KafkaConsumerLag kafkaConsumerLag(ObjectProvider<KafkaListenerEndpointRegistry> listeners,
				ObjectProvider<MeterRegistry> meters) {
			return new KafkaConsumerLag(listeners, meters);
		}

	}

}
