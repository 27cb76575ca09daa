package dev.colink.security.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real tokens from the stack's Keycloak for integration tests: the bootstrap administrator signs in with password
 * and a TOTP code computed from the configured secret (Keycloak's direct grant, which the realm also guards with
 * OTP). Cached per test JVM.
 */
public final class RealmTokens {

	public static final String KEYCLOAK_URL = StackSettings.env("COLINK_KEYCLOAK_URL", "http://127.0.0.1:8180");

	public static final String REALM = StackSettings.env("COLINK_KEYCLOAK_REALM", "colink");

	public static final String ISSUER = KEYCLOAK_URL + "/realms/" + REALM;

	public static final String ADMIN_USERNAME = StackSettings.env("COLINK_ADMIN_USERNAME", "admin");

	private static final String ADMIN_PASSWORD = StackSettings.env("COLINK_ADMIN_PASSWORD", "colink-admin-pw");

	private static final String ADMIN_TOTP_SECRET = StackSettings.env("COLINK_ADMIN_TOTP_SECRET", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

	private static String adminAccessToken;

	private RealmTokens() {
	}

	public static synchronized String adminAccessToken() {
		if (adminAccessToken == null) {
			adminAccessToken = passwordAndTotpGrant(ADMIN_USERNAME, ADMIN_PASSWORD,
					TotpSteps.unusedCode(ADMIN_USERNAME, ADMIN_TOTP_SECRET));
		}
		return adminAccessToken;
	}

	private static String passwordAndTotpGrant(String username, String password, String totp) {
		Map<String, String> form = Map.of("grant_type", "password", "client_id", "auth-proxy", "client_secret",
				StackSettings.required("COLINK_AUTH_PROXY_CLIENT_SECRET"), "username", username, "password", password, "totp", totp, "scope", "openid");
		String body = form.entrySet().stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.build()
				.send(HttpRequest.newBuilder(URI.create(ISSUER + "/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Keycloak refused the test login of " + username + ": "
						+ response.statusCode() + " " + response.body());
			}
			JsonNode json = JsonMapper.builder().build().readTree(response.body());
			return json.get("access_token").asString();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
