package dev.colink.platform.secrets;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service that holds a secret written in this repository, unless it runs on the local stack.
 * <p>
 * The published values are the application.yml defaults (which let a service start with no settings at all) and
 * the placeholders of {@code deploy/.env.example}, which begin with {@code change-me}. Anyone can read them, so a
 * service holding one anywhere but on the local stack is wide open: the Keycloak clients' secrets give their
 * tokens, the challenge key forges and opens sign-in challenges, the internal secret signs calls no user may make.
 * <p>
 * The rule: the service stops at start, naming the variable, unless {@code colink.local-stack=true}
 * ({@code COLINK_LOCAL_STACK}), which only {@code ./colink} sets (deploy/local/lib.sh). The local stack generates
 * its own secrets too; the flag only lets a service or a test started by hand on it fall back to the defaults.
 */
public class PublishedSecrets implements EnvironmentPostProcessor, Ordered {

	/** The property that says "this is the local stack of ./colink". */
	public static final String LOCAL_STACK = "colink.local-stack";

	/** The prefix of every secret placeholder in deploy/.env.example. */
	static final String EXAMPLE_PREFIX = "change-me";

	/**
	 * Each secret property, the variable that sets it, and its default in the application.yml that declares it.
	 */
	enum Secret {

		AUTH_PROXY_CLIENT("colink.keycloak.client-secret", "COLINK_AUTH_PROXY_CLIENT_SECRET",
				"colink-auth-proxy-secret"),
		AUTH_PROXY_ADMIN_CLIENT("colink.keycloak.admin-client-secret", "COLINK_ADMIN_API_CLIENT_SECRET",
				"colink-admin-api-secret"),
		ADMIN_API_CLIENT("colink.keycloak-admin.client-secret", "COLINK_ADMIN_API_CLIENT_SECRET",
				"colink-admin-api-secret"),
		CHALLENGE_KEY("colink.auth.challenge-key", "COLINK_AUTH_CHALLENGE_KEY",
				"1iNQyOhug1AUhrLYtzWI4uwaNv4HVgIQdZz7Qa6tp2I="),
		INTERNAL_CALLS("colink.internal-calls.secret", "COLINK_INTERNAL_SECRET", null);

		final String property;

		final String variable;

		final String repositoryDefault;

		Secret(String property, String variable, String repositoryDefault) {
			this.property = property;
			this.variable = variable;
			this.repositoryDefault = repositoryDefault;
		}

		boolean isPublished(String value) {
			if (value == null) {
				return false;
			}
			String trimmed = value.trim();
			return trimmed.equals(this.repositoryDefault) || trimmed.startsWith(EXAMPLE_PREFIX);
		}

	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<String> published = published(environment);
		if (!published.isEmpty()) {
			throw new IllegalStateException("Refusing to start: " + String.join("; ", published)
					+ ". These values are written in the Colink repository, so anyone can use them; only the local "
					+ "stack of ./colink (" + LOCAL_STACK + "=true) accepts them. Set a secret of this installation, "
					+ "e.g. from `head -c 32 /dev/urandom | base64`.");
		}
	}

	/**
	 * The secrets of this environment that are published, each as "VARIABLE (property) is ...", or none when the
	 * environment is the local stack.
	 */
	static List<String> published(Environment environment) {
		if (environment.getProperty(LOCAL_STACK, Boolean.class, false)) {
			return List.of();
		}
		List<String> published = new ArrayList<>();
		for (Secret secret : Secret.values()) {
			String value = environment.getProperty(secret.property);
			if (secret.isPublished(value)) {
				published.add(secret.variable + " (" + secret.property + ") is "
						+ (value.trim().startsWith(EXAMPLE_PREFIX) ? "the placeholder of deploy/.env.example"
								: "the default written in application.yml"));
			}
		}
		return published;
	}

	/** After the configuration files are read (ConfigDataEnvironmentPostProcessor), so their defaults are seen. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
