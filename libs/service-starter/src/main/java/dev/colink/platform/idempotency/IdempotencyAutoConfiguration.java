package dev.colink.platform.idempotency;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link IdempotencyKeys} and the sweep of expired keys, in every service that has a database. */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBean(JdbcClient.class)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IdempotencyKeys idempotencyKeys(JdbcClient jdbc) {
		return new IdempotencyKeys(jdbc);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "colink.idempotency.sweep-enabled", matchIfMissing = true)
	IdempotencyKeySweeper idempotencyKeySweeper(IdempotencyKeys keys, IdempotencyProperties properties) {
		return new IdempotencyKeySweeper(keys, properties.sweepInterval());
	}

}
