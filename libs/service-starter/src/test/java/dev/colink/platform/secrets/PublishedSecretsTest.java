package dev.colink.platform.secrets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PublishedSecretsTest {

	@Test
	void aServiceGivenTheRepositorysDefaultRefusesToStartNamingTheVariable() {
		// Command-line arguments outrank the environment, which on the local stack says colink.local-stack=true.
		assertThatIllegalStateException()
			.isThrownBy(() -> service().run("--colink.local-stack=false",
					"--colink.keycloak.client-secret=colink-auth-proxy-secret"))
			.withMessageContaining("COLINK_AUTH_PROXY_CLIENT_SECRET (colink.keycloak.client-secret)")
			.withMessageContaining("colink.local-stack=true");
	}

	@Test
	void onTheLocalStackOrWithASecretOfItsOwnItStarts() {
		try (ConfigurableApplicationContext context = service().run("--colink.local-stack=true",
				"--colink.keycloak.client-secret=colink-auth-proxy-secret")) {
			assertThat(context.isActive()).isTrue();
		}
		try (ConfigurableApplicationContext context = service().run("--colink.local-stack=false",
				"--colink.keycloak.client-secret=Xq2v8LrT0pWz5mNc9bYh3kJd7sFa1eGu")) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void everyRepositoryValueIsRefusedAndEachIsNamed() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("colink.keycloak.client-secret", "colink-auth-proxy-secret")
			.withProperty("colink.keycloak.admin-client-secret", "colink-admin-api-secret")
			.withProperty("colink.keycloak-admin.client-secret", "colink-admin-api-secret")
			.withProperty("colink.auth.challenge-key", "1iNQyOhug1AUhrLYtzWI4uwaNv4HVgIQdZz7Qa6tp2I=")
			.withProperty("colink.internal-calls.secret", "change-me-internal");

		assertThat(PublishedSecrets.published(environment)).containsExactly(
				"COLINK_AUTH_PROXY_CLIENT_SECRET (colink.keycloak.client-secret) is the default written in application.yml",
				"COLINK_ADMIN_API_CLIENT_SECRET (colink.keycloak.admin-client-secret) is the default written in application.yml",
				"COLINK_ADMIN_API_CLIENT_SECRET (colink.keycloak-admin.client-secret) is the default written in application.yml",
				"COLINK_AUTH_CHALLENGE_KEY (colink.auth.challenge-key) is the default written in application.yml",
				"COLINK_INTERNAL_SECRET (colink.internal-calls.secret) is the placeholder of deploy/.env.example");

		assertThat(PublishedSecrets.published(environment.withProperty("colink.local-stack", "true"))).isEmpty();
		assertThat(PublishedSecrets.published(new MockEnvironment()
			.withProperty("colink.keycloak.client-secret", "change-me-auth-proxy"))).hasSize(1);
		assertThat(PublishedSecrets.published(new MockEnvironment())).as("a secret not set is not published").isEmpty();
	}

	private static SpringApplicationBuilder service() {
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off");
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
