package dev.colink.authproxy.login;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Keycloak's token endpoint for the {@code auth-proxy} client: the authorization code of a completed sign-in
 * exchanged with its PKCE verifier, refresh, and logout (which ends the Keycloak session, so its refresh tokens
 * stop working).
 */
@Component
class KeycloakTokens {

	private final KeycloakHttp http;

	private final KeycloakProperties properties;

	private final JsonMapper json = JsonMapper.builder().build();

	KeycloakTokens(KeycloakHttp http, KeycloakProperties properties) {
		this.http = http;
		this.properties = properties;
	}

	TokenSet exchange(String authorizationCode, String verifier) {
		Map<String, String> form = clientForm();
		form.put("grant_type", "authorization_code");
		form.put("code", authorizationCode);
		form.put("redirect_uri", this.properties.redirectUri());
		form.put("code_verifier", verifier);
		HttpResponse<String> response = post("/protocol/openid-connect/token", form);
		if (response.statusCode() == 400 && "invalid_grant".equals(error(response))) {
			throw AuthProblem.challengeExpired();
		}
		return tokens(response);
	}

	TokenSet refresh(String refreshToken) {
		Map<String, String> form = clientForm();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		HttpResponse<String> response = post("/protocol/openid-connect/token", form);
		if (response.statusCode() == 400 || response.statusCode() == 401) {
			// invalid_grant: expired, revoked, ended session, or not a token of this client
			throw AuthProblem.invalidRefreshToken();
		}
		return tokens(response);
	}

	/**
	 * Ends the Keycloak session of a refresh token. A token Keycloak no longer knows (already logged out, expired,
	 * garbage) is not an error: like token revocation (RFC 7009), logout is idempotent.
	 */
	void logout(String refreshToken) {
		Map<String, String> form = clientForm();
		form.put("refresh_token", refreshToken);
		HttpResponse<String> response = post("/protocol/openid-connect/logout", form);
		if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 400) {
			throw AuthProblem.keycloakUnexpected("Keycloak's logout answered " + response.statusCode());
		}
	}

	private Map<String, String> clientForm() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("client_id", this.properties.clientId());
		form.put("client_secret", this.properties.clientSecret());
		return form;
	}

	private HttpResponse<String> post(String path, Map<String, String> form) {
		return this.http.send(this.http.request(this.properties.endpoint(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(KeycloakHttp.formBody(form)))
			.build());
	}

	private TokenSet tokens(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw AuthProblem.keycloakUnexpected(
					"Keycloak's token endpoint answered " + response.statusCode() + " " + error(response));
		}
		JsonNode body = this.json.readTree(response.body());
		return new TokenSet(body.path("access_token").asString(), body.path("refresh_token").asString(),
				body.path("expires_in").asLong());
	}

	private String error(HttpResponse<String> response) {
		try {
			return this.json.readTree(response.body()).path("error").asString("");
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	/** Keycloak's tokens of one sign-in or refresh. */
	record TokenSet(String accessToken, String refreshToken, long expiresIn) {
	}

}
