package dev.colink.platform.internal;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link InternalSignatures}, {@link InternalNonces} and {@link SignedBodies} in the services that configure
 * {@code colink.internal-calls.secret}. Receiving signed calls needs Redis, where the nonces seen are kept.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnProperty("colink.internal-calls.secret")
@EnableConfigurationProperties(InternalCallsProperties.class)
public class InternalCallsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InternalSignatures internalSignatures(InternalCallsProperties properties) {
		return new InternalSignatures(properties.secret(), properties.maxSkew(), Clock.systemUTC());
	}

	/** Receiving signed calls: the nonces seen are kept in Redis (the service needs spring-boot-starter-data-redis). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	static class ReceivingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InternalNonces internalNonces(StringRedisTemplate redis) {
			return new InternalNonces(redis, Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		SignedBodies signedBodies(InternalSignatures signatures, InternalNonces nonces, JsonMapper json) {
			return new SignedBodies(signatures, nonces, json);
		}

	}

}
