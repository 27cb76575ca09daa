package dev.colink.authproxy.login;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Whether brute-force detection has locked a user. Keycloak's forms deliberately answer a locked account like a
 * wrong password or a wrong code; the proxy asks Keycloak's admin API instead, and only for a user who has just
 * proved the password (a refused second-factor code), so that the answer tells nobody whether an account exists.
 * Best effort: any failure of the lookup means "not known to be locked".
 */
@Component
class KeycloakLockouts {

	private static final Log logger = LogFactory.getLog(KeycloakLockouts.class);

	private final KeycloakHttp http;

	private final KeycloakProperties properties;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private String accessToken;

	private Instant accessTokenExpiry = Instant.MIN;

	KeycloakLockouts(KeycloakHttp http, KeycloakProperties properties, Clock clock) {
		this.http = http;
		this.properties = properties;
		this.clock = clock;
	}

	/** How long the user stays locked, when brute-force detection has locked the account. */
	Optional<Duration> lockedFor(String username) {
		if (this.properties.adminClientSecret() == null || this.properties.adminClientSecret().isBlank()) {
			return Optional.empty();
		}
		try {
			String field = username.contains("@") ? "email" : "username";
			JsonNode users = getJson(this.properties.adminEndpoint(
					"/users?exact=true&briefRepresentation=true&" + field + "=" + KeycloakHttp.encode(username)));
			if (users == null || users.size() != 1) {
				return Optional.empty();
			}
			JsonNode status = getJson(this.properties
				.adminEndpoint("/attack-detection/brute-force/users/" + users.get(0).path("id").asString()));
			if (status == null || !status.path("disabled").asBoolean(false)) {
				return Optional.empty();
			}
			Instant notBefore = Instant.ofEpochSecond(status.path("failedLoginNotBefore").asLong(0));
			Duration remaining = Duration.between(this.clock.instant(), notBefore);
			// permanent lockout or a lock without a known end: say so without promising a time
			return Optional.of(remaining.isNegative() ? Duration.ofMinutes(1) : remaining);
		}
		catch (RuntimeException ex) {
			logger.debug("Brute-force status of a user could not be read", ex);
			return Optional.empty();
		}
	}

	private JsonNode getJson(URI uri) {
		HttpResponse<String> response = this.http
			.send(this.http.request(uri).header("Authorization", "Bearer " + adminToken()).GET().build());
		if (response.statusCode() == 401) {
			forgetToken();
		}
		return (response.statusCode() == 200) ? this.json.readTree(response.body()) : null;
	}

	private synchronized String adminToken() {
		if (this.accessToken == null || this.clock.instant().isAfter(this.accessTokenExpiry)) {
			String form = KeycloakHttp.formBody(Map.of("grant_type", "client_credentials", "client_id",
					this.properties.adminClientId(), "client_secret", this.properties.adminClientSecret()));
			HttpResponse<String> response = this.http
				.send(this.http.request(this.properties.endpoint("/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("service-account token refused: " + response.statusCode());
			}
			JsonNode body = this.json.readTree(response.body());
			this.accessToken = body.path("access_token").asString();
			// renew a little before Keycloak would refuse it
			this.accessTokenExpiry = this.clock.instant().plusSeconds(Math.max(0, body.path("expires_in").asLong() - 30));
		}
		return this.accessToken;
	}

	private synchronized void forgetToken() {
		this.accessToken = null;
	}

}
