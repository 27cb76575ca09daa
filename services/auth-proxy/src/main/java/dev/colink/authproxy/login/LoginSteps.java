package dev.colink.authproxy.login;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * {@code colink.login.step{step}}: the time of each call to Keycloak a sign-in makes, refusals included:
 * {@code password} (the login form, up to the second factor's form), {@code code} (the one-time code),
 * {@code token} (the authorization code exchanged for tokens), {@code refresh} and {@code logout}.
 */
@Component
class LoginSteps {

	final Timer password;

	final Timer code;

	final Timer token;

	final Timer refresh;

	final Timer logout;

	LoginSteps(MeterRegistry registry) {
		this.password = step(registry, "password");
		this.code = step(registry, "code");
		this.token = step(registry, "token");
		this.refresh = step(registry, "refresh");
		this.logout = step(registry, "logout");
	}

	private static Timer step(MeterRegistry registry, String step) {
		return Timer.builder("colink.login.step")
			.description("One sign-in step's calls to Keycloak, refusals included")
			.tag("step", step)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
	}

}
