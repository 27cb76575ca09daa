package dev.colink.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox and its relay, in every service that has both a database and Kafka. */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ JdbcClient.class, KafkaTemplate.class })
@ConditionalOnBean({ JdbcClient.class, KafkaTemplate.class, PlatformTransactionManager.class })
@ConditionalOnProperty(name = "colink.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutboxRelay outboxRelay(JdbcClient jdbc, PlatformTransactionManager transactionManager,
			KafkaTemplate<String, String> kafka, OutboxProperties properties,
			@Value("${spring.application.name}") String service) {
		return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), kafka, properties, service);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxMeters outboxMeters(JdbcClient jdbc, OutboxRelay relay, ObjectProvider<MeterRegistry> registry,
			@Value("${spring.application.name}") String service) {
		OutboxMeters meters = new OutboxMeters(jdbc, service, registry.getIfAvailable(SimpleMeterRegistry::new));
		relay.countWith(meters);
		return meters;
	}

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, @Value("${spring.application.name}") String service) {
		return new Outbox(jdbc, json, service, relay::wakeUp);
	}

}
