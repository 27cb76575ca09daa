package dev.colink.authproxy.login;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sign-in settings and the challenge seal (its key from {@code colink.auth.challenge-key}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ KeycloakProperties.class, ChallengeProperties.class })
class LoginConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ChallengeSeal challengeSeal(ChallengeProperties properties, Clock clock) {
		// its own mapper: the sealed format must not change with the application's JSON settings
		return new ChallengeSeal(properties.challengeKey(), JsonMapper.builder().build(), clock);
	}

}
