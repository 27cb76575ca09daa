package dev.colink.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@code keycloak} health contributor of every service (see {@link KeycloakHealthIndicator}). */
@AutoConfiguration
@EnableConfigurationProperties(ColinkSecurityProperties.class)
public class KeycloakHealthAutoConfiguration {

	@Bean(name = "keycloakHealthIndicator")
	@ConditionalOnMissingBean(name = "keycloakHealthIndicator")
	KeycloakHealthIndicator keycloakHealthIndicator(ColinkSecurityProperties properties) {
		return new KeycloakHealthIndicator(properties);
	}

}
