package dev.colink.platform.internal;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** {@link InternalSignatures} in the services that configure {@code colink.internal-calls.secret}. */
@AutoConfiguration
@ConditionalOnProperty("colink.internal-calls.secret")
@EnableConfigurationProperties(InternalCallsProperties.class)
public class InternalCallsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InternalSignatures internalSignatures(InternalCallsProperties properties) {
		return new InternalSignatures(properties.secret(), properties.maxSkew(), Clock.systemUTC());
	}

}
