package dev.colink.authproxy.users;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.RealmUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users directory and blocking against the real Postgres, called with the bootstrap administrator's real
 * token; the other users are rows this test inserts into {@code users} (and removes again).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UsersDirectoryTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JwtDecoder jwtDecoder;

	/** Unique to this run, in every username and display name the test inserts. */
	private final String tag = "dir" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	private final List<UUID> insertedUsers = new ArrayList<>();

	private final List<RealmUsers.RealmUser> realmUsers = new ArrayList<>();

	private UUID adminId;

	@BeforeEach
	void adminId() {
		this.adminId = UUID.fromString(this.jwtDecoder.decode(RealmTokens.adminAccessToken()).getSubject());
	}

	@AfterEach
	void removeTestUsers() {
		for (UUID id : this.insertedUsers) {
			this.jdbc.sql("delete from blocks where blocker_id = :id or blocked_id = :id").param("id", id).update();
			this.jdbc.sql("delete from users where id = :id").param("id", id).update();
		}
		this.realmUsers.forEach(RealmUsers::delete);
	}

	@Test
	void meIsTheCallersProfile() {
		HttpResponse<String> response = get("/v1/users/me");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode me = JSON.readTree(response.body());
		assertThat(me.get("id").asString()).isEqualTo(this.adminId.toString());
		assertThat(me.get("username").asString()).isEqualTo(RealmTokens.ADMIN_USERNAME);
		assertThat(me.get("status").asString()).isEqualTo("active");
		assertThat(me.has("displayName")).isTrue();
		assertThat(me.has("email")).isTrue();
	}

	@Test
	void meMirrorsAUserSeenForTheFirstTimeFromTheirTokenClaims() {
		RealmUsers.RealmUser user = RealmUsers.createUserWithTotp(this.tag, Set.of());
		this.realmUsers.add(user);
		this.insertedUsers.add(UUID.fromString(user.id()));
		assertThat(row(user.id())).isEmpty();

		HttpResponse<String> response = get("/v1/users/me", RealmUsers.tokenFor(user));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode me = JSON.readTree(response.body());
		assertThat(me.get("id").asString()).isEqualTo(user.id());
		assertThat(me.get("username").asString()).isEqualTo(user.username());
		assertThat(me.get("displayName").asString()).isEqualTo("Test " + this.tag);
		assertThat(me.get("email").asString()).isEqualTo(user.username() + "@colink.test");
		assertThat(me.get("status").asString()).isEqualTo("active");
		assertThat(row(user.id())).containsExactly(user.username());
	}

	@Test
	void aUserByIdIsTheirProfile() {
		UUID id = insertUser("grace", "Grace Hopper");

		HttpResponse<String> response = get("/v1/users/" + id);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode user = JSON.readTree(response.body());
		assertThat(user.get("id").asString()).isEqualTo(id.toString());
		assertThat(user.get("username").asString()).isEqualTo(this.tag + "-grace");
		assertThat(user.get("displayName").asString()).isEqualTo("Grace Hopper " + this.tag);
		assertThat(user.get("email").asString()).isEqualTo(this.tag + "-grace@colink.test");
		assertThat(user.get("status").asString()).isEqualTo("active");
	}

	@Test
	void anUnknownUserIsNotFound() {
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-user-id")) {
			HttpResponse<String> response = get("/v1/users/" + id);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("user_not_found");
		}
	}

	@Test
	void searchMatchesAnyPartOfUsernameOrDisplayNameInAnyCase() {
		insertUser("alan", "Alan Turing");
		insertUser("ada", "Ada Lovelace");
		insertUser("edsger", "Edsger Dijkstra");

		assertThat(usernames(search("q=" + this.tag.toUpperCase(Locale.ROOT)))).containsExactly(this.tag + "-ada",
				this.tag + "-alan", this.tag + "-edsger");
		assertThat(usernames(search("q=" + this.tag + "-a"))).containsExactly(this.tag + "-ada", this.tag + "-alan");
		assertThat(usernames(search("q=" + enc("LOVELACE " + this.tag)))).containsExactly(this.tag + "-ada");
		assertThat(usernames(search("q=" + enc(this.tag + "%")))).isEmpty();
	}

	@Test
	void searchPagesWithACursor() {
		insertUser("u1", "One");
		insertUser("u2", "Two");
		insertUser("u3", "Three");

		JsonNode first = search("q=" + this.tag + "&limit=2");
		assertThat(usernames(first)).containsExactly(this.tag + "-u1", this.tag + "-u2");
		assertThat(first.get("nextCursor").isString()).isTrue();

		JsonNode second = search("q=" + this.tag + "&limit=2&cursor=" + enc(first.get("nextCursor").asString()));
		assertThat(usernames(second)).containsExactly(this.tag + "-u3");
		assertThat(second.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void withoutAQuerySearchListsUsersByUsername() {
		insertUser("listed", "Listed");

		JsonNode page = search("");

		List<String> usernames = usernames(page);
		assertThat(usernames).hasSizeBetween(1, 50);
		assertThat(usernames).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
		assertThat(search("limit=200").get("data").size()).isLessThanOrEqualTo(200);
	}

	@Test
	void searchRefusesABadLimitOrCursorNamingIt() {
		for (String query : List.of("limit=0", "limit=201", "limit=many", "cursor=%25%25")) {
			HttpResponse<String> response = get("/v1/users?" + query);

			assertThat(response.statusCode()).as(query + " " + response.body()).isEqualTo(400);
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.get("field").asString()).isEqualTo(query.substring(0, query.indexOf('=')));
			assertThat(problem.get("code").asString())
				.isEqualTo(query.startsWith("cursor=") ? "invalid_cursor" : "invalid_request");
			assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		}
	}

	@Test
	void searchRefusesControlCharactersAndMalformedCursorsThroughTheGateway() {
		ApiClient gateway = ApiClient.gateway();
		for (String query : List.of("q=%00", "q=a%01b", "q=%00&limit=2")) {
			ApiClient.Answer refused = gateway.get("/v1/users?" + query, RealmTokens.adminAccessToken());

			assertThat(refused.status()).as(query + " " + refused.body()).isEqualTo(400);
			assertThat(refused.json().get("code").asString()).isEqualTo("invalid_request");
			assertThat(refused.json().get("field").asString()).isEqualTo("q");
		}
		for (String cursor : List.of("AA", "AAA", "_w", "%25%25")) {
			ApiClient.Answer refused = gateway.get("/v1/users?cursor=" + cursor, RealmTokens.adminAccessToken());

			assertThat(refused.status()).as(cursor + " " + refused.body()).isEqualTo(400);
			assertThat(refused.json().get("code").asString()).isEqualTo("invalid_cursor");
			assertThat(refused.json().get("field").asString()).isEqualTo("cursor");
		}
	}

	@Test
	void blockingAndUnblockingAreIdempotent() {
		UUID other = insertUser("pest", "Pest");

		for (int i = 0; i < 2; i++) {
			assertThat(send("POST", "/v1/users/" + other + "/block").statusCode()).isEqualTo(204);
			assertThat(blocked(other)).isTrue();
		}
		for (int i = 0; i < 2; i++) {
			assertThat(send("DELETE", "/v1/users/" + other + "/block").statusCode()).isEqualTo(204);
			assertThat(blocked(other)).isFalse();
		}
	}

	@Test
	void blockingYourselfIsRefused() {
		HttpResponse<String> response = send("POST", "/v1/users/" + this.adminId + "/block");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("cannot_block_self");
	}

	@Test
	void blockingAnUnknownUserIsNotFound() {
		for (String method : List.of("POST", "DELETE")) {
			HttpResponse<String> response = send(method, "/v1/users/" + UUID.randomUUID() + "/block");

			assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
			assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("user_not_found");
		}
	}

	@Test
	void theDirectoryNeedsAToken() {
		HttpResponse<String> response = send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/users/me"))
			.build());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	private UUID insertUser(String name, String displayName) {
		UUID id = UUID.randomUUID();
		this.insertedUsers.add(id);
		this.jdbc.sql("insert into users (id, username, email, display_name) values (:id, :username, :email, :name)")
			.param("id", id)
			.param("username", this.tag + "-" + name)
			.param("email", this.tag + "-" + name + "@colink.test")
			.param("name", displayName + " " + this.tag)
			.update();
		return id;
	}

	private List<String> row(String id) {
		return this.jdbc.sql("select username from users where id = :id")
			.param("id", UUID.fromString(id))
			.query(String.class)
			.list();
	}

	private boolean blocked(UUID other) {
		return this.jdbc.sql("select count(*) from blocks where blocker_id = :me and blocked_id = :other")
			.param("me", this.adminId)
			.param("other", other)
			.query(Integer.class)
			.single() == 1;
	}

	private JsonNode search(String query) {
		HttpResponse<String> response = get("/v1/users?" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static List<String> usernames(JsonNode page) {
		List<String> usernames = new ArrayList<>();
		page.get("data").forEach((user) -> usernames.add(user.get("username").asString()));
		return usernames;
	}

	private static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> get(String path) {
		return get(path, RealmTokens.adminAccessToken());
	}

	private HttpResponse<String> get(String path, String token) {
		return send(request(path, token).GET().build());
	}

	private HttpResponse<String> send(String method, String path) {
		return send(request(path, RealmTokens.adminAccessToken()).method(method, HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private HttpRequest.Builder request(String path, String token) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token);
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
