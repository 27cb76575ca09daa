package dev.colink.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the realm that issues Colink's tokens answers with its signing keys. Services keep validating tokens
 * with the keys they cached while it is down; sign-in (auth-proxy) and user administration (admin) cannot, so
 * those two put it in their readiness group.
 */
public class KeycloakHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final URI jwkSetUri;

	public KeycloakHealthIndicator(ColinkSecurityProperties properties) {
		super("Keycloak health check failed");
		this.jwkSetUri = URI.create(properties.resolvedJwkSetUri());
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.jwkSetUri).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		boolean hasKeys = response.statusCode() == 200 && response.body().contains("\"keys\"");
		(hasKeys ? builder.up() : builder.down()).withDetail("jwkSetUri", this.jwkSetUri.toString())
			.withDetail("httpStatus", response.statusCode());
	}

}
