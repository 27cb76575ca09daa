package dev.colink.authproxy.login;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import dev.colink.security.testing.StackSettings;


/**
 * Fresh users of the stack's realm for sign-in tests, made with Keycloak's admin REST API and the
 * {@code colink-admin-api} service account: enabled, full profile (so Keycloak asks for nothing but the OTP set-up),
 * password known, no second factor yet. {@link #close()} deletes the users a test class made.
 */
final class KeycloakTestUsers implements AutoCloseable {

	static final String KEYCLOAK_URL = StackSettings.env("COLINK_KEYCLOAK_URL", "http://127.0.0.1:8180");

	static final String REALM = StackSettings.env("COLINK_KEYCLOAK_REALM", "colink");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<String> created = new ArrayList<>();

	/** A user of the realm: its Keycloak id (the token subject) and password. */
	record TestUser(String id, String username, String password) {
	}

	/** Creates {@code <prefix>-<random>} with a password and no second factor. */
	TestUser create(String prefix) {
		String username = prefix + "-" + hex(4);
		String password = "pw-" + hex(12);
		Map<String, Object> user = Map.of("username", username, "enabled", true, "email", username + "@colink.test",
				"emailVerified", true, "firstName", "Test", "lastName", prefix, "credentials",
				List.of(Map.of("type", "password", "value", password, "temporary", false)));
		HttpResponse<String> response = call("POST", "/users", this.json.writeValueAsString(user));
		if (response.statusCode() != 201) {
			throw new IllegalStateException("Keycloak refused to create " + username + ": " + response.statusCode()
					+ " " + response.body());
		}
		String location = response.headers().firstValue("Location").orElseThrow();
		String id = location.substring(location.lastIndexOf('/') + 1);
		this.created.add(id);
		return new TestUser(id, username, password);
	}

	void disable(TestUser user) {
		HttpResponse<String> response = call("PUT", "/users/" + user.id(), "{\"enabled\":false}");
		if (response.statusCode() != 204) {
			throw new IllegalStateException("Keycloak refused to disable " + user.username() + ": " + response.body());
		}
	}

	@Override
	public void close() {
		this.created.forEach((id) -> call("DELETE", "/users/" + id, null));
		this.created.clear();
	}

	private HttpResponse<String> call(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(KEYCLOAK_URL + "/admin/realms/" + REALM + path))
			.header("Authorization", "Bearer " + serviceAccountToken());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return send(request
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private String serviceAccountToken() {
		String form = "grant_type=client_credentials&client_id=colink-admin-api&client_secret="
				+ URLEncoder.encode(StackSettings.required("COLINK_ADMIN_API_CLIENT_SECRET"), StandardCharsets.UTF_8);
		HttpResponse<String> response = send(HttpRequest
			.newBuilder(URI.create(KEYCLOAK_URL + "/realms/" + REALM + "/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("colink-admin-api token refused: " + response.body());
		}
		return this.json.readTree(response.body()).get("access_token").asString();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(int bytes) {
		byte[] raw = new byte[bytes];
		RANDOM.nextBytes(raw);
		return HexFormat.of().formatHex(raw);
	}

}
