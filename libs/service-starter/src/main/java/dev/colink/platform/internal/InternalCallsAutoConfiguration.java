package dev.colink.platform.internal;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** {@link InternalSignatures} and {@link SignedBodies} in the services that configure {@code colink.internal-calls.secret}. */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnProperty("colink.internal-calls.secret")
@EnableConfigurationProperties(InternalCallsProperties.class)
public class InternalCallsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InternalSignatures internalSignatures(InternalCallsProperties properties) {
		return new InternalSignatures(properties.secret(), properties.maxSkew(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SignedBodies signedBodies(InternalSignatures signatures, JsonMapper json) {
		return new SignedBodies(signatures, json);
	}

}
