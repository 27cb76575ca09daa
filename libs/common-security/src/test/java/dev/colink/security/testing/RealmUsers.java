package dev.colink.security.testing;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.codec.binary.Base32;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fresh users of the stack's realm for integration tests, already enrolled in TOTP with a secret the test knows,
 * so they sign in with password + code at once (no required actions, email verified, full profile). Keycloak's
 * admin REST API cannot create an OTP credential; its partial import can, so users are created by importing them
 * with the Keycloak master administrator's token. Each call makes a new user with a random suffix.
 */
public final class RealmUsers {

	private static final String KEYCLOAK_ADMIN_USER = StackSettings.env("COLINK_KEYCLOAK_ADMIN_USER", "keycloak");

	private static final String KEYCLOAK_ADMIN_PASSWORD = StackSettings.env("COLINK_KEYCLOAK_ADMIN_PASSWORD", "keycloak-admin-pw");

	private static final String OTP_CREDENTIAL_DATA = "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
			+ "\"algorithm\":\"HmacSHA1\",\"secretEncoding\":\"BASE32\"}";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** A user of the realm: its Keycloak id (the token subject), credentials and Base32 TOTP secret. */
	public record RealmUser(String id, String username, String password, String totpSecret) {
	}

	private RealmUsers() {
	}

	/**
	 * Creates an enabled user named {@code <usernamePrefix>-<random>} with a password and a TOTP credential.
	 * @param realmRoles realm roles on top of the realm's default roles (which already give {@code colink-user}),
	 * e.g. {@code Set.of("colink-admin")}
	 */
	public static RealmUser createUserWithTotp(String usernamePrefix, Set<String> realmRoles) {
		String username = (usernamePrefix + "-" + HexFormat.of().formatHex(randomBytes(4))).toLowerCase();
		String password = "pw-" + HexFormat.of().formatHex(randomBytes(12));
		String totpSecret = new Base32().encodeAsString(randomBytes(20)).replace("=", "");
		Set<String> roles = new LinkedHashSet<>();
		roles.add("default-roles-" + RealmTokens.REALM); // imported users with explicit roles lose the defaults
		roles.addAll(realmRoles);

		Map<String, Object> user = new LinkedHashMap<>();
		user.put("username", username);
		user.put("enabled", true);
		user.put("email", username + "@colink.test");
		user.put("emailVerified", true);
		user.put("firstName", "Test");
		user.put("lastName", usernamePrefix);
		user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false),
				Map.of("type", "otp", "userLabel", "test", "secretData", "{\"value\":\"" + totpSecret + "\"}",
						"credentialData", OTP_CREDENTIAL_DATA)));
		user.put("realmRoles", new ArrayList<>(roles));
		user.put("requiredActions", List.of());
		HttpResponse<String> response = adminApi("POST", "/partialImport",
				JSON.writeValueAsString(Map.of("ifResourceExists", "FAIL", "users", List.of(user))));
		expect(response, 200, "import of user " + username);
		for (JsonNode result : JSON.readTree(response.body()).path("results")) {
			if ("USER".equals(result.path("resourceType").asString())
					&& username.equals(result.path("resourceName").asString())) {
				return new RealmUser(result.path("id").asString(), username, password, totpSecret);
			}
		}
		throw new IllegalStateException("Keycloak imported no user " + username + ": " + response.body());
	}

	/** An access token of the user from the auth-proxy client (direct grant with password and a fresh TOTP code). */
	public static String tokenFor(RealmUser user) {
		return tokenFor(user, "auth-proxy", StackSettings.required("COLINK_AUTH_PROXY_CLIENT_SECRET"));
	}

	/** An access token of the user from the given confidential client with direct grants enabled. */
	public static String tokenFor(RealmUser user, String clientId, String clientSecret) {
		HttpResponse<String> response = postForm(RealmTokens.ISSUER + "/protocol/openid-connect/token",
				Map.of("grant_type", "password", "client_id", clientId, "client_secret", clientSecret, "username",
						user.username(), "password", user.password(), "totp",
						TotpSteps.unusedCode(user.username(), user.totpSecret()), "scope", "openid"));
		expect(response, 200, "test login of " + user.username());
		return JSON.readTree(response.body()).get("access_token").asString();
	}

	/** Removes the user from the realm (already gone is fine). */
	public static void delete(RealmUser user) {
		HttpResponse<String> response = adminApi("DELETE", "/users/" + user.id(), null);
		if (response.statusCode() != 204 && response.statusCode() != 404) {
			expect(response, 204, "deletion of " + user.username());
		}
	}

	/**
	 * A call to Keycloak's admin REST API of the realm as the master administrator.
	 * @param path below {@code /admin/realms/<realm>}, e.g. {@code /clients}
	 * @param jsonBody the request body, or {@code null} for none
	 */
	public static HttpResponse<String> adminApi(String method, String path, String jsonBody) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(RealmTokens.KEYCLOAK_URL + "/admin/realms/" + RealmTokens.REALM + path))
			.header("Authorization", "Bearer " + masterAdminToken());
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		return send(request.method(method, (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
				: HttpRequest.BodyPublishers.noBody()).build());
	}

	/**
	 * A fresh access token of Keycloak's own administrator, issued by the {@code master} realm (so also a real
	 * token of another issuer than Colink's realm). It lives one minute, so it is not cached.
	 */
	public static String masterAdminToken() {
		HttpResponse<String> response = postForm(RealmTokens.KEYCLOAK_URL + "/realms/master/protocol/openid-connect/token",
				Map.of("grant_type", "password", "client_id", "admin-cli", "username", KEYCLOAK_ADMIN_USER, "password",
						KEYCLOAK_ADMIN_PASSWORD));
		expect(response, 200, "login of the Keycloak administrator " + KEYCLOAK_ADMIN_USER);
		return JSON.readTree(response.body()).get("access_token").asString();
	}

	private static HttpResponse<String> postForm(String url, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Keycloak unreachable: " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void expect(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(
					"Keycloak refused the " + what + ": " + response.statusCode() + " " + response.body());
		}
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
