package dev.colink.messaging.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 2 against this service on the real servers: users signed in with TOTP write each other, read their
 * history, are refused when blocked or deactivated, edit and delete; retries with one idempotency key create one
 * message; every change reaches Kafka once and every DM event the live Redis channel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DirectMessagesTest {

	private static SignedInUser alice;

	private static SignedInUser bob;

	private static SignedInUser carol;

	private static final List<SignedInUser> users = new ArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RedisConnectionFactory redis;

	private ApiClient api;

	@BeforeAll
	static void signIn() {
		alice = user("alice");
		bob = user("bob");
		carol = user("carol");
	}

	@AfterAll
	static void removeUsers() {
		users.forEach(SignedInUsers::delete);
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient("http://127.0.0.1:" + this.port);
	}

	@Test
	void aBodyThatIsNotJsonIsRefusedWith415AndItsCode() {
		ApiClient.Answer refused = this.api.send("POST", "/v1/messages", alice.accessToken(), "text/plain", "hello bob");

		assertThat(refused.status()).isEqualTo(415);
		assertThat(refused.json().get("code").asString()).isEqualTo("unsupported_media_type");
	}

	@Test
	void twoUsersWriteEachOtherAndReadTheirHistoryNewestFirst() {
		List<String> live = new CopyOnWriteArrayList<>();
		RedisMessageListenerContainer listener = listen("realtime:dm:*", live);
		try (EventLog kafka = new EventLog("colink.messages")) {
			JsonNode hello = dm(alice, bob, "hello bob").expect(201);
			JsonNode reply = dm(bob, alice, "hello alice").expect(201);

			String dmId = hello.get("dmId").asString();
			assertThat(reply.get("dmId").asString()).isEqualTo(dmId);
			assertThat(hello.has("channelId")).isFalse();
			assertThat(hello.get("senderId").asString()).isEqualTo(alice.id());
			assertThat(hello.get("text").asString()).isEqualTo("hello bob");
			assertThat(hello.get("fileIds")).isEmpty();
			assertThat(hello.get("isDeleted").asBoolean()).isFalse();
			assertThat(hello.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

			JsonNode alicesView = this.api.get("/v1/messages?userId=" + bob.id(), alice.accessToken()).expect(200);
			JsonNode bobsView = this.api.get("/v1/messages?dmId=" + dmId, bob.accessToken()).expect(200);
			assertThat(ids(alicesView)).startsWith(reply.get("id").asString(), hello.get("id").asString());
			assertThat(ids(bobsView)).isEqualTo(ids(alicesView));
			assertThat(this.api.get("/v1/messages/" + hello.get("id").asString(), bob.accessToken()).expect(200))
				.isEqualTo(hello);

			assertThat(this.api.get("/v1/messages?dmId=" + dmId, carol.accessToken()).status()).isEqualTo(403);
			assertThat(this.api.get("/v1/messages/" + hello.get("id").asString(), carol.accessToken()).status())
				.isEqualTo(404);
			assertThat(this.api.get("/v1/messages?userId=" + bob.id(), carol.accessToken()).expect(200).get("data"))
				.isEmpty();

			List<JsonNode> created = kafka.await((event) -> isAbout(event, hello, reply), 2, Duration.ofSeconds(30));
			assertThat(created).extracting((event) -> event.get("type").asString()).containsOnly("message.created");
			assertThat(created).extracting((event) -> event.get("_key").asString()).containsOnly(dmId);
			assertThat(created.get(0).get("data").get("participantIds").toString()).contains(alice.id(), bob.id());
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(String.join("\n", live)).contains(hello.get("id").asString(),
						reply.get("id").asString()));
		}
		finally {
			listener.stop();
		}
	}

	@Test
	void historyPagesWithACursorUntilTheFirstMessage() {
		SignedInUser dana = user("dana");
		List<String> posted = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			posted.add(dm(alice, dana, "message " + i).expect(201).get("id").asString());
		}
		JsonNode first = this.api.get("/v1/messages?userId=" + dana.id() + "&limit=2", alice.accessToken()).expect(200);
		JsonNode second = this.api
			.get("/v1/messages?userId=" + dana.id() + "&limit=2&cursor=" + first.get("nextCursor").asString(),
					alice.accessToken())
			.expect(200);
		JsonNode last = this.api
			.get("/v1/messages?userId=" + dana.id() + "&limit=2&cursor=" + second.get("nextCursor").asString(),
					alice.accessToken())
			.expect(200);

		List<String> all = new ArrayList<>(ids(first));
		all.addAll(ids(second));
		all.addAll(ids(last));
		java.util.Collections.reverse(posted);
		assertThat(all).containsExactlyElementsOf(posted);
		assertThat(last.get("nextCursor").isNull()).isTrue();
		assertThat(this.api.get("/v1/messages?userId=" + dana.id() + "&cursor=nope", alice.accessToken()).expect(400)
			.get("field").asString()).isEqualTo("cursor");
		assertThat(this.api.get("/v1/messages?userId=" + dana.id() + "&limit=201", alice.accessToken()).expect(400)
			.get("field").asString()).isEqualTo("limit");
	}

	@Test
	void nobodyDmsAcrossABlockInEitherDirection() {
		SignedInUser blocker = user("blocker");
		ApiClient.gateway().post("/v1/users/" + alice.id() + "/block", blocker.accessToken(), null).expect(204);

		assertThat(dm(alice, blocker, "let me in").expect(403).get("code").asString()).isEqualTo("blocked");
		assertThat(dm(blocker, alice, "hi").expect(403).get("code").asString()).isEqualTo("blocked");

		ApiClient.gateway().delete("/v1/users/" + alice.id() + "/block", blocker.accessToken()).expect(204);
		dm(alice, blocker, "thanks").expect(201);
	}

	@Test
	void aBlockStopsEditsAndRepliesInTheDmInEitherDirection() {
		SignedInUser blocker = user("blocker");
		ApiClient gateway = ApiClient.gateway();
		String mine = dm(alice, blocker, "first draft").expect(201).get("id").asString();
		String theirs = dm(blocker, alice, "my draft").expect(201).get("id").asString();
		UUID threadId = UUID.randomUUID();
		// The thread row is the threads service's to write (journey 8); here it stands in for that service's commit.
		this.jdbc.sql("insert into threads (id, parent_message_id) values (?, ?)")
			.params(threadId, UUID.fromString(mine))
			.update();
		gateway.post("/v1/users/" + alice.id() + "/block", blocker.accessToken(), null).expect(204);
		try {
			assertThat(gateway.patch("/v1/messages/" + mine, alice.accessToken(), json("text", "edited")).expect(403)
				.get("code").asString()).isEqualTo("blocked");
			assertThat(gateway.patch("/v1/messages/" + theirs, blocker.accessToken(), json("text", "edited")).expect(403)
				.get("code").asString()).isEqualTo("blocked");
			assertThat(this.api.post("/internal/messages", alice.accessToken(),
					json("threadId", threadId.toString(), "text", "across the block")).expect(403).get("code").asString())
				.isEqualTo("blocked");
			assertThat(gateway.get("/v1/messages/" + mine, alice.accessToken()).expect(200).get("text").asString())
				.isEqualTo("first draft");
		}
		finally {
			gateway.delete("/v1/users/" + alice.id() + "/block", blocker.accessToken()).expect(204);
		}
		gateway.patch("/v1/messages/" + mine, alice.accessToken(), json("text", "edited")).expect(200);
	}

	@Test
	void aDeactivatedUserNeitherReceivesNorSends() {
		SignedInUser leaver = user("leaver");
		dm(alice, leaver, "before").expect(201);
		ApiClient.gateway()
			.post("/v1/admin/users/" + leaver.id() + "/deactivate", RealmTokens.adminAccessToken(), null)
			.expect(200);

		assertThat(dm(alice, leaver, "after").expect(403).get("code").asString()).isEqualTo("user_deactivated");
		// The leaver's token is refused everywhere within seconds of the deactivation, this post included.
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.until(() -> dm(leaver, alice, "still here?").status() == 401);
	}

	@Test
	void anUnknownRecipientIsNotFound() {
		assertThat(dm(alice, UUID.randomUUID().toString(), "anyone?").expect(404).get("code").asString())
			.isEqualTo("user_not_found");
		assertThat(dm(alice, "not-a-user-id", "anyone?").status()).isEqualTo(404);
	}

	@Test
	void badInputIsRefusedNamingTheFieldAndWritesNothing() {
		String token = alice.accessToken();
		assertField(this.api.post("/v1/messages", token,
				json("recipientId", bob.id(), "channelId", UUID.randomUUID().toString(), "text", "x")), "channelId");
		assertField(this.api.post("/v1/messages", token, json("text", "to nobody")), "recipientId");
		assertField(this.api.post("/v1/messages", token, json("recipientId", bob.id(), "text", "  ")), "text");
		assertField(this.api.post("/v1/messages", token, json("recipientId", bob.id())), "text");
		assertField(this.api.post("/v1/messages", token, json("recipientId", bob.id(), "text", "x".repeat(16_001))),
				"text");
		assertField(this.api.post("/v1/messages", token, json("recipientId", bob.id(), "text", "nul \u0000 here")),
				"text");
		assertField(this.api.post("/v1/messages", token,
				json("recipientId", bob.id(), "text", "x", "idempotencyKey", "k".repeat(129))), "idempotencyKey");
		assertField(this.api.post("/v1/messages", token,
				json("recipientId", bob.id(), "text", "x", "fileIds", List.of("not-a-file"))), "fileIds[0]");
		assertField(this.api.post("/v1/messages", token, "{\"recipientId\": \"" + bob.id() + "\", \"text\": 42}"),
				"text");
		assertThat(this.api.post("/v1/messages", token, "{\"recipientId\": ").status()).isEqualTo(400);
		assertThat(this.api.post("/v1/messages", token,
				json("recipientId", bob.id(), "text", "x", "fileIds", List.of(UUID.randomUUID().toString())))
			.expect(403)
			.get("code")
			.asString()).isEqualTo("file_not_attachable");

		String longest = "\uD83D\uDC4D".repeat(16_000); // 16,000 characters, 32,000 UTF-16 units
		assertThat(dm(alice, bob, longest).expect(201).get("text").asString()).isEqualTo(longest);
	}

	@Test
	void aBodyOverOneMebibyteIs413OnTheServicesOwnPortWhetherDeclaredOrChunkedAndStoresNothing() throws Exception {
		String key = "huge-" + UUID.randomUUID();
		// A valid post but for its size (whitespace between JSON tokens): only the size can refuse it.
		String body = json("recipientId", bob.id(), "text", "too big", "idempotencyKey", key) + " ".repeat(1024 * 1024);
		ApiClient service = new ApiClient(System.getenv().getOrDefault("COLINK_MESSAGING_URL", "http://127.0.0.1:8082"));

		JsonNode declared = service.post("/v1/messages", alice.accessToken(), body).expect(413);
		assertThat(declared.get("code").asString()).isEqualTo("payload_too_large");

		java.net.http.HttpResponse<String> chunked = java.net.http.HttpClient.newBuilder()
			.version(java.net.http.HttpClient.Version.HTTP_1_1)
			.build()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
					System.getenv().getOrDefault("COLINK_MESSAGING_URL", "http://127.0.0.1:8082") + "/v1/messages"))
				.header("Authorization", "Bearer " + alice.accessToken())
				.header("Content-Type", "application/json")
				// No length known in advance: sent chunked, without Content-Length.
				.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
						() -> new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
		assertThat(chunked.body()).contains("\"code\":\"payload_too_large\"");

		assertThat(ApiClient.gateway().post("/v1/messages", alice.accessToken(), body).status()).isEqualTo(413);
		assertThat(this.jdbc.sql("select count(*) from messages where sender_id = ? and idempotency_key = ?")
			.params(UUID.fromString(alice.id()), key)
			.query(Integer.class)
			.single()).isZero();
		String small = json("recipientId", bob.id(), "text", "small enough") + " ".repeat(1000 * 1000);
		assertThat(service.post("/v1/messages", alice.accessToken(), small).expect(201).get("text").asString())
			.isEqualTo("small enough");
	}

	@Test
	void aControlCharacterInAPathVariableOrAQueryParameterIsA400NamingIt() {
		for (String path : List.of("/v1/messages/a%01b", "/v1/messages?userId=" + bob.id() + "&cursor=%00")) {
			ApiClient.Answer refused = this.api.get(path, alice.accessToken());

			assertThat(refused.status()).as(path + " " + refused.body()).isEqualTo(400);
			assertThat(refused.json().get("code").asString()).isEqualTo("invalid_request");
			assertThat(refused.json().get("field").asString()).isEqualTo(path.contains("cursor") ? "cursor" : "id");
			assertThat(ApiClient.gateway().get(path, alice.accessToken()).status()).as("through the gateway").isEqualTo(400);
		}
	}

	@Test
	void fiftyConcurrentPostsWithOneKeyCreateOneMessage() throws Exception {
		String key = "retry-" + UUID.randomUUID();
		String body = json("recipientId", bob.id(), "text", "only once", "idempotencyKey", key);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try (EventLog kafka = new EventLog("colink.messages")) {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ApiClient.Answer>> answers = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.api.post("/v1/messages", alice.accessToken(), body);
				}));
			}
			start.countDown();
			List<String> bodies = new ArrayList<>();
			for (Future<ApiClient.Answer> answer : answers) {
				bodies.add(answer.get().expect(201).toString());
			}

			assertThat(Set.copyOf(bodies)).hasSize(1);
			assertThat(this.jdbc.sql("select count(*) from messages where sender_id = ? and idempotency_key = ?")
				.params(UUID.fromString(alice.id()), key)
				.query(Integer.class)
				.single()).isEqualTo(1);
			String messageId = answers.get(0).get().json().get("id").asString();
			kafka.await((event) -> messageId.equals(event.get("data").get("messageId").asString()), 1,
					Duration.ofSeconds(30));
			kafka.poll();
			assertThat(kafka.matching((event) -> messageId.equals(event.get("data").get("messageId").asString())))
				.hasSize(1);
			assertThat(this.api.post("/v1/messages", alice.accessToken(), body).expect(201).toString())
				.isEqualTo(bodies.get(0));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void onlyTheAuthorEditsAndDeletesAndDeletedMessagesLeaveHistory() {
		try (EventLog kafka = new EventLog("colink.messages")) {
			JsonNode message = dm(alice, carol, "first draft").expect(201);
			String id = message.get("id").asString();

			assertThat(this.api.patch("/v1/messages/" + id, carol.accessToken(), json("text", "hijacked")).expect(403)
				.get("code")
				.asString()).isEqualTo("not_author");
			assertThat(this.api.delete("/v1/messages/" + id, carol.accessToken()).status()).isEqualTo(403);
			assertThat(this.api.patch("/v1/messages/" + id, bob.accessToken(), json("text", "x")).status())
				.isEqualTo(404);
			assertField(this.api.patch("/v1/messages/" + id, alice.accessToken(), json("text", "")), "text");

			JsonNode edited = this.api.patch("/v1/messages/" + id, alice.accessToken(), json("text", "final text"))
				.expect(200);
			assertThat(edited.get("text").asString()).isEqualTo("final text");
			assertThat(edited.get("editedAt").asString()).isNotBlank();
			assertThat(this.api.get("/v1/messages/" + id, carol.accessToken()).expect(200).get("text").asString())
				.isEqualTo("final text");

			this.api.delete("/v1/messages/" + id, alice.accessToken()).expect(204);
			this.api.delete("/v1/messages/" + id, alice.accessToken()).expect(204);
			assertThat(this.api.get("/v1/messages/" + id, carol.accessToken()).status()).isEqualTo(404);
			assertThat(ids(this.api.get("/v1/messages?userId=" + alice.id(), carol.accessToken()).expect(200)))
				.doesNotContain(id);
			assertThat(this.api.patch("/v1/messages/" + id, alice.accessToken(), json("text", "undead")).status())
				.isEqualTo(404);

			List<JsonNode> events = kafka.await((event) -> id.equals(event.get("data").get("messageId").asString()), 3,
					Duration.ofSeconds(30));
			assertThat(events).extracting((event) -> event.get("type").asString())
				.containsExactly("message.created", "message.updated", "message.deleted");
			assertThat(events.get(1).get("data").get("text").asString()).isEqualTo("final text");
		}
	}

	@Test
	void aReplyLandsInTheThreadOfItsParentNotInTheTopLevelHistory() {
		JsonNode parent = dm(alice, bob, "parent").expect(201);
		UUID threadId = UUID.randomUUID();
		// The thread row is the threads service's to write (journey 8); here it stands in for that service's commit.
		this.jdbc.sql("insert into threads (id, parent_message_id) values (?, ?)")
			.params(threadId, UUID.fromString(parent.get("id").asString()))
			.update();

		JsonNode reply = this.api.post("/internal/messages", bob.accessToken(),
				json("threadId", threadId.toString(), "text", "in the thread", "idempotencyKey", "r-" + threadId))
			.expect(201);
		assertThat(reply.get("threadId").asString()).isEqualTo(threadId.toString());
		assertThat(reply.get("dmId").asString()).isEqualTo(parent.get("dmId").asString());
		assertThat(ids(this.api.get("/v1/messages?threadId=" + threadId, alice.accessToken()).expect(200)))
			.containsExactly(reply.get("id").asString());
		assertThat(ids(this.api.get("/v1/messages?userId=" + bob.id(), alice.accessToken()).expect(200)))
			.doesNotContain(reply.get("id").asString());
		assertThat(this.api.post("/internal/messages", carol.accessToken(),
				json("threadId", threadId.toString(), "text", "intruder")).status()).isEqualTo(404);
		assertThat(this.api.get("/v1/messages?threadId=" + threadId, carol.accessToken()).status()).isEqualTo(403);
	}

	private ApiClient.Answer dm(SignedInUser from, SignedInUser to, String text) {
		return dm(from, to.id(), text);
	}

	private ApiClient.Answer dm(SignedInUser from, String toId, String text) {
		return this.api.post("/v1/messages", from.accessToken(), json("recipientId", toId, "text", text));
	}

	private RedisMessageListenerContainer listen(String pattern, List<String> received) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.redis);
		container.addMessageListener((message, channel) -> received.add(new String(message.getBody())),
				new PatternTopic(pattern));
		container.afterPropertiesSet();
		container.start();
		await().atMost(Duration.ofSeconds(10)).until(container::isListening);
		return container;
	}

	private static boolean isAbout(JsonNode event, JsonNode... messages) {
		String id = event.path("data").path("messageId").asString();
		for (JsonNode message : messages) {
			if (message.get("id").asString().equals(id)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("data").forEach((message) -> ids.add(message.get("id").asString()));
		return ids;
	}

	private static void assertField(ApiClient.Answer answer, String field) {
		JsonNode problem = answer.expect(400);
		assertThat(problem.get("field").asString()).as(answer.body()).isEqualTo(field);
		assertThat(problem.get("code").asString()).isEqualTo("invalid_request");
	}

	private static SignedInUser user(String prefix) {
		SignedInUser user = SignedInUsers.create(prefix);
		users.add(user);
		return user;
	}

}
