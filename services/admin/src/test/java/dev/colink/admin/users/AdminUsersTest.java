package dev.colink.admin.users;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.colink.security.testing.LocalStack;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.StackSettings;
import dev.colink.security.testing.TotpSteps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User administration against the real Keycloak and Postgres of the running stack, with the bootstrap
 * administrator's real token. Keycloak's state is read back as Keycloak's own administrator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminUsersTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JwtDecoder jwtDecoder;

	private final List<String> keycloakUsers = new ArrayList<>();

	private final List<UUID> mirrorRows = new ArrayList<>();

	@AfterEach
	void removeTestUsers() {
		this.keycloakUsers.forEach((id) -> RealmUsers.adminApi("DELETE", "/users/" + id, null));
		this.mirrorRows.forEach((id) -> this.jdbc.sql("delete from users where id = :id").param("id", id).update());
	}

	@Test
	void createsTheUserInKeycloakAndItsMirrorInPostgres() {
		String username = uniqueUsername();

		HttpResponse<String> response = post("/v1/admin/users", newUser(username), adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode user = created(response);
		String id = user.get("id").asString();
		assertThat(user.get("username").asString()).isEqualTo(username);
		assertThat(user.get("displayName").asString()).isEqualTo("Ada Lovelace");
		assertThat(user.get("email").asString()).isEqualTo(username + "@colink.test");
		assertThat(user.get("status").asString()).isEqualTo("active");
		assertThat(texts(user.get("roles"))).containsExactly("colink-user");

		JsonNode account = keycloakUser(id);
		assertThat(account.get("username").asString()).isEqualTo(username);
		assertThat(account.get("enabled").asBoolean()).isTrue();
		assertThat(account.get("emailVerified").asBoolean()).isTrue();
		assertThat(account.get("firstName").asString()).isEqualTo("Ada");
		assertThat(account.get("lastName").asString()).isEqualTo("Lovelace");
		assertThat(texts(account.get("requiredActions"))).containsExactly("CONFIGURE_TOTP");
		assertThat(realmRoleMappings(id)).contains("colink-user").doesNotContain("colink-admin");
		assertThat(mirror(id)).containsEntry("username", username)
			.containsEntry("display_name", "Ada Lovelace")
			.containsEntry("email", username + "@colink.test")
			.containsEntry("status", "active");
	}

	@Test
	void grantsTheAdministratorRoleWhenAsked() {
		Map<String, Object> body = newUser(uniqueUsername());
		body.put("roles", List.of("colink-admin"));

		HttpResponse<String> response = post("/v1/admin/users", body, adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode user = created(response);
		assertThat(texts(user.get("roles"))).containsExactly("colink-user", "colink-admin");
		assertThat(realmRoleMappings(user.get("id").asString())).contains("colink-admin");
	}

	@Test
	void refusesATakenUsernameOrEmailWithUserExists() {
		String username = uniqueUsername();
		assertThat(created(post("/v1/admin/users", newUser(username), adminToken()))).isNotNull();

		HttpResponse<String> sameUsername = post("/v1/admin/users", newUser(username), adminToken());
		Map<String, Object> otherNameSameEmail = newUser(uniqueUsername());
		otherNameSameEmail.put("email", username + "@colink.test");
		HttpResponse<String> sameEmail = post("/v1/admin/users", otherNameSameEmail, adminToken());

		for (HttpResponse<String> response : List.of(sameUsername, sameEmail)) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("user_exists");
		}
	}

	@Test
	void removesTheKeycloakUserAgainWhenTheMirrorRefusesIt() {
		// A stale mirror row holds the username (Keycloak does not know it): Keycloak creates the user, the
		// insert then violates the unique username, and the request must leave no Keycloak user behind.
		String username = uniqueUsername();
		UUID staleId = UUID.randomUUID();
		this.mirrorRows.add(staleId);
		this.jdbc.sql("insert into users (id, username, display_name) values (:id, :username, 'Stale')")
			.param("id", staleId)
			.param("username", username)
			.update();

		HttpResponse<String> response = post("/v1/admin/users", newUser(username), adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("user_exists");
		HttpResponse<String> search = RealmUsers.adminApi("GET",
				"/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
		assertThat(JSON.readTree(search.body()).size()).as(search.body()).isZero();
	}

	static Stream<Arguments> badFields() {
		return Stream.of(Arguments.of("username", "Not Valid"), Arguments.of("username", "ab"),
				Arguments.of("username", null), Arguments.of("email", "not-an-email"), Arguments.of("email", null),
				Arguments.of("displayName", " "), Arguments.of("displayName", "x".repeat(256)),
				Arguments.of("password", "short"), Arguments.of("roles", List.of("root")),
				Arguments.of("roles", "colink-admin"), Arguments.of("roles", 7));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("badFields")
	void refusesABadFieldNamingIt(String field, Object value) {
		Map<String, Object> body = newUser(uniqueUsername());
		body.put(field, value);

		HttpResponse<String> response = post("/v1/admin/users", body, adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("field").asString()).isEqualTo(field);
		assertThat(problem.get("detail").asString()).startsWith(field + ":");
		assertThat(problem.get("code").asString()).isEqualTo("invalid_request");
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
	}

	@Test
	void refusesAUserWithoutTheAdministratorRole() {
		RealmUsers.RealmUser plainUser = RealmUsers.createUserWithTotp("adminusers-plain", Set.of());
		this.keycloakUsers.add(plainUser.id());

		HttpResponse<String> response = post("/v1/admin/users", newUser(uniqueUsername()),
				RealmUsers.tokenFor(plainUser));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("forbidden");
	}

	@Test
	void deactivationDisablesTheUserEndsTheirSessionsAndMarksTheMirror() {
		// A user with TOTP signs in first (so they hold a refresh token) and was never mirrored.
		RealmUsers.RealmUser user = RealmUsers.createUserWithTotp("adminusers-leaver", Set.of());
		this.keycloakUsers.add(user.id());
		this.mirrorRows.add(UUID.fromString(user.id()));
		String refreshToken = signIn(user).get("refresh_token").asString();

		HttpResponse<String> response = post("/v1/admin/users/" + user.id() + "/deactivate", null, adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode profile = JSON.readTree(response.body());
		assertThat(profile.get("id").asString()).isEqualTo(user.id());
		assertThat(profile.get("username").asString()).isEqualTo(user.username());
		assertThat(profile.get("status").asString()).isEqualTo("deactivated");
		assertThat(keycloakUser(user.id()).get("enabled").asBoolean()).isFalse();
		assertThat(mirror(user.id())).containsEntry("status", "deactivated");
		HttpResponse<String> refresh = tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token",
				refreshToken));
		assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
		assertThat(refresh.body()).contains("invalid_grant");

		HttpResponse<String> again = post("/v1/admin/users/" + user.id() + "/deactivate", null, adminToken());
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(JSON.readTree(again.body()).get("status").asString()).isEqualTo("deactivated");
	}

	@Test
	void deactivationOfACreatedUserKeepsTheirProfile() {
		String username = uniqueUsername();
		String id = created(post("/v1/admin/users", newUser(username), adminToken())).get("id").asString();

		HttpResponse<String> response = post("/v1/admin/users/" + id + "/deactivate", null, adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode profile = JSON.readTree(response.body());
		assertThat(profile.get("displayName").asString()).isEqualTo("Ada Lovelace");
		assertThat(profile.get("status").asString()).isEqualTo("deactivated");
		assertThat(mirror(id)).containsEntry("display_name", "Ada Lovelace").containsEntry("status", "deactivated");
	}

	@Test
	void deactivationOfAnUnknownUserIsNotFound() {
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-user-id")) {
			HttpResponse<String> response = post("/v1/admin/users/" + id + "/deactivate", null, adminToken());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
			assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("user_not_found");
		}
	}

	@Test
	void anAdministratorCannotDeactivateThemselves() {
		String adminId = this.jwtDecoder.decode(adminToken()).getSubject();

		HttpResponse<String> response = post("/v1/admin/users/" + adminId + "/deactivate", null, adminToken());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("cannot_deactivate_self");
		assertThat(keycloakUser(adminId).get("enabled").asBoolean()).isTrue();
	}

	@Test
	void creatingAndDeactivatingAUserAreAuditedWithTheirAdministrator() {
		String adminId = this.jwtDecoder.decode(adminToken()).getSubject();
		String id = created(post("/v1/admin/users", newUser(uniqueUsername()), adminToken())).get("id").asString();
		assertThat(post("/v1/admin/users/" + id + "/deactivate", null, adminToken()).statusCode()).isEqualTo(200);

		HttpResponse<String> response = send(HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + this.port + "/v1/admin/audit-logs?targetId=" + id))
			.header("Authorization", "Bearer " + adminToken())
			.build());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode entries = JSON.readTree(response.body()).get("data");
		assertThat(entries).hasSize(2);
		assertThat(entries.get(0).get("action").asString()).isEqualTo("user.deactivate");
		assertThat(entries.get(1).get("action").asString()).isEqualTo("user.create");
		entries.forEach((entry) -> {
			assertThat(entry.get("actorId").asString()).isEqualTo(adminId);
			assertThat(entry.get("targetId").asString()).isEqualTo(id);
		});
		assertThat(entries.get(1).get("metadata").get("roles").toString()).contains("colink-user");
	}

	@Test
	void whileKeycloakIsDownCreatingAUserIsA503AndLeavesNothingBehind() {
		String token = adminToken();
		// The service checks tokens with keys it fetched from Keycloak before: a first call fetches them.
		assertThat(post("/v1/admin/users/" + UUID.randomUUID() + "/deactivate", null, token).statusCode()).isEqualTo(404);
		String username = uniqueUsername();
		LocalStack.colink("stop", "keycloak");
		try {
			HttpResponse<String> response = post("/v1/admin/users", newUser(username), token);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("unavailable");
		}
		finally {
			LocalStack.colink("start", "keycloak");
		}
		assertThat(this.jdbc.sql("select count(*) from users where username = :username").param("username", username)
			.query(Integer.class).single()).isZero();
	}

	private static String adminToken() {
		return RealmTokens.adminAccessToken();
	}

	private static String uniqueUsername() {
		return "t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

	private static Map<String, Object> newUser(String username) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("username", username);
		body.put("email", username + "@colink.test");
		body.put("displayName", "Ada Lovelace");
		body.put("password", "correct-horse-" + username);
		return body;
	}

	/** The created user's body, remembering it for clean-up. */
	private JsonNode created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode user = JSON.readTree(response.body());
		this.keycloakUsers.add(user.get("id").asString());
		this.mirrorRows.add(UUID.fromString(user.get("id").asString()));
		return user;
	}

	private HttpResponse<String> post(String path, Object body, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.POST(HttpRequest.BodyPublishers.noBody());
		}
		return send(request.build());
	}

	private static JsonNode keycloakUser(String id) {
		HttpResponse<String> response = RealmUsers.adminApi("GET", "/users/" + id, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static List<String> realmRoleMappings(String id) {
		HttpResponse<String> response = RealmUsers.adminApi("GET", "/users/" + id + "/role-mappings/realm", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		JSON.readTree(response.body()).forEach((role) -> names.add(role.get("name").asString()));
		return names;
	}

	private Map<String, Object> mirror(String id) {
		return this.jdbc.sql("select username, email, display_name, status from users where id = :id")
			.param("id", UUID.fromString(id))
			.query()
			.singleRow();
	}

	private static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((node) -> values.add(node.asString()));
		return values;
	}

	/** Signs the user in with password and TOTP at the auth-proxy client (direct grant): the token response. */
	private static JsonNode signIn(RealmUsers.RealmUser user) {
		HttpResponse<String> response = tokenRequest(Map.of("grant_type", "password", "username", user.username(),
				"password", user.password(), "totp", TotpSteps.unusedCode(user.username(), user.totpSecret()),
				"scope", "openid"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static HttpResponse<String> tokenRequest(Map<String, String> form) {
		Map<String, String> fields = new LinkedHashMap<>(form);
		fields.put("client_id", "auth-proxy");
		fields.put("client_secret", StackSettings.required("COLINK_AUTH_PROXY_CLIENT_SECRET"));
		String body = fields.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(RealmTokens.ISSUER + "/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
