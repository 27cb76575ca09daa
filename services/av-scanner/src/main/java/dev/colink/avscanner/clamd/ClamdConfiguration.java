package dev.colink.avscanner.clamd;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clamd client and its health indicator (named {@code clamd} in the health groups). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClamdProperties.class)
class ClamdConfiguration {

	@Bean
	Clamd clamd(ClamdProperties properties) {
		return new Clamd(properties);
	}

	@Bean
	ClamdHealthIndicator clamdHealthIndicator(Clamd clamd) {
		return new ClamdHealthIndicator(clamd);
	}

}
