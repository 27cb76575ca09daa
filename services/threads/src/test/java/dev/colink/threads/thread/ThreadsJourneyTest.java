package dev.colink.threads.thread;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.TestSocket;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 8 through the running stack's gateway, with real sign-ins, its real Kafka and live sockets: alice owns a
 * public channel bob is in, carol is not.
 */
class ThreadsJourneyTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ApiClient api = ApiClient.gateway();

	private static ThreeUsers users;

	@BeforeAll
	static void signIn() {
		users = ThreeUsers.create("thread");
	}

	@AfterAll
	static void cleanUp() {
		users.delete();
	}

	@Test
	void twentyConcurrentRepliesCountTwentyOpenOneThreadAndAnnounceEachReply() throws Exception {
		String parent = post(users.alice(), "what do you all think?");
		try (KafkaConsumer<String, String> kafka = messagesFromNow();
				TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken())) {
			assertThat(bob.next(WAIT).get("type").asString()).isEqualTo("hello");
			List<CompletableFuture<ApiClient.Answer>> replies = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				SignedInUser author = (i % 2 == 0) ? users.alice() : users.bob();
				String text = "reply " + i;
				replies.add(CompletableFuture.supplyAsync(() -> reply(author, parent, text, null)));
			}
			List<String> replyIds = new ArrayList<>();
			java.util.Set<String> threadIds = new java.util.HashSet<>();
			for (CompletableFuture<ApiClient.Answer> reply : replies) {
				JsonNode body = reply.get(60, TimeUnit.SECONDS).expect(201);
				assertThat(body.get("thread").get("parentMessageId").asString()).isEqualTo(parent);
				replyIds.add(body.get("reply").get("id").asString());
				threadIds.add(body.get("thread").get("id").asString());
			}
			assertThat(threadIds).hasSize(1);

			assertThat(api.get("/v1/messages/" + parent, users.bob().accessToken()).expect(200).get("replyCount").asInt())
				.isEqualTo(20);
			JsonNode history = api.get("/v1/messages?threadId=" + threadIds.iterator().next() + "&limit=200", users.bob().accessToken())
				.expect(200)
				.get("data");
			List<String> listed = new ArrayList<>();
			history.forEach((message) -> listed.add(message.get("id").asString()));
			assertThat(listed).containsExactlyInAnyOrderElementsOf(replyIds);

			Map<String, List<JsonNode>> events = new ConcurrentHashMap<>();
			await().atMost(WAIT).until(() -> {
				collect(kafka, parent, events);
				return events.getOrDefault("reply.created", List.of()).size() >= 20;
			});
			// Nothing more arrives: neither a second thread.created nor a 21st reply.created.
			await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
				collect(kafka, parent, events);
				return true;
			});
			assertThat(events.get("thread.created")).hasSize(1);
			assertThat(events.get("reply.created")).hasSize(20);
			assertThat(events.get("reply.created").stream().mapToInt((event) -> event.get("replyCount").asInt()))
				.containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());

			List<JsonNode> frames = new ArrayList<>();
			await().atMost(WAIT).until(() -> {
				frames.addAll(bob.drain());
				return frames.stream().filter((frame) -> frame.path("type").asString().equals("thread.reply")).count() >= 20;
			});
			assertThat(frames).noneMatch((frame) -> frame.path("type").asString().equals("message.new")
					&& frame.path("data").path("threadId").isString());
		}
	}

	@Test
	void aRetryWithTheSameKeyPostsTheReplyOnce() {
		String parent = post(users.alice(), "retry me");

		JsonNode first = reply(users.bob(), parent, "only once", "k-1").expect(201);
		JsonNode again = reply(users.bob(), parent, "only once", "k-1").expect(201);

		assertThat(again.get("reply").get("id").asString()).isEqualTo(first.get("reply").get("id").asString());
		assertThat(again.get("thread").get("id").asString()).isEqualTo(first.get("thread").get("id").asString());
		assertThat(again.get("thread").get("replyCount").asInt()).isEqualTo(1);
		assertThat(first.get("thread").get("lastReplyAt").asString()).isEqualTo(first.get("reply").get("createdAt").asString());
	}

	@Test
	void repliesGoOnlyToVisibleTopLevelMessagesAndBadInputIsRefused() {
		String parent = post(users.alice(), "top level");
		String child = reply(users.bob(), parent, "a reply", null).expect(201).get("reply").get("id").asString();

		ApiClient.Answer nested = reply(users.alice(), child, "a reply to a reply", null);
		ApiClient.Answer outsider = reply(users.carol(), parent, "let me in", null);
		ApiClient.Answer unknown = reply(users.alice(), UUID.randomUUID().toString(), "hello?", null);
		ApiClient.Answer noText = reply(users.alice(), parent, "", null);
		ApiClient.Answer noParent = api.post("/v1/threads", users.alice().accessToken(), json("text", "orphan"));

		assertThat(nested.status()).isEqualTo(400);
		assertThat(nested.json().get("code").asString()).isEqualTo("parent_is_reply");
		assertThat(outsider.status()).isEqualTo(404);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(noText.status()).isEqualTo(400);
		assertThat(noText.body()).contains("text");
		assertThat(noText.json().get("instance").asString()).as("messaging's refusal, as threads' own").isEqualTo("/v1/threads");
		assertThat(noParent.status()).isEqualTo(400);
		assertThat(noParent.body()).contains("parentMessageId");
		String topLevel = api.get("/v1/messages?channelId=" + users.channelId() + "&limit=200", users.bob().accessToken())
			.expect(200)
			.toString();
		assertThat(topLevel).contains(parent).doesNotContain(child);
		assertThat(api.get("/v1/messages/" + parent, users.bob().accessToken()).expect(200).get("replyCount").asInt())
			.isEqualTo(1);
	}

	@Test
	void aDeletedOrModeratedReplyLeavesTheCount() {
		String parent = post(users.alice(), "count me");
		String first = reply(users.alice(), parent, "one", null).expect(201).get("reply").get("id").asString();
		String second = reply(users.bob(), parent, "two", null).expect(201).get("reply").get("id").asString();
		reply(users.alice(), parent, "three", null).expect(201);
		assertThat(replyCount(parent)).isEqualTo(3);

		api.delete("/v1/messages/" + first, users.alice().accessToken()).expect(204);
		assertThat(replyCount(parent)).as("after the author's delete").isEqualTo(2);
		api.delete("/v1/messages/" + first, users.alice().accessToken()).expect(204);
		assertThat(replyCount(parent)).as("a repeated delete counts once").isEqualTo(2);

		api.post("/v1/admin/messages/" + second + "/moderate", RealmTokens.adminAccessToken(),
				json("action", "delete", "reason", "off topic")).expect(200);
		assertThat(replyCount(parent)).as("after moderation").isEqualTo(1);
	}

	@Test
	void aBlockStopsRepliesInTheDmInEitherDirectionAndOpensNoThread() throws Exception {
		String parent = api.post("/v1/messages", users.alice().accessToken(),
				json("recipientId", users.carol().id(), "text", "just us")).expect(201).get("id").asString();
		api.post("/v1/users/" + users.alice().id() + "/block", users.carol().accessToken(), null).expect(204);
		try {
			for (SignedInUser author : List.of(users.alice(), users.carol())) {
				ApiClient.Answer refused = reply(author, parent, "across the block", null);

				assertThat(refused.status()).as(author.id()).isEqualTo(403);
				assertThat(refused.json().get("code").asString()).isEqualTo("blocked");
			}
			assertThat(threadsOf(parent)).as("no thread opened for a refused reply").isZero();
			assertThat(api.get("/v1/messages/" + parent, users.alice().accessToken()).expect(200).path("replyCount").asInt(0))
				.isZero();
		}
		finally {
			api.delete("/v1/users/" + users.alice().id() + "/block", users.carol().accessToken()).expect(204);
		}
		reply(users.carol(), parent, "after the unblock", null).expect(201);
	}

	private static int threadsOf(String parentMessageId) throws java.sql.SQLException {
		try (java.sql.Connection db = java.sql.DriverManager.getConnection(
				System.getenv().getOrDefault("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink"),
				System.getenv().getOrDefault("COLINK_DB_USER", "colink"),
				System.getenv().getOrDefault("COLINK_DB_PASSWORD", "colink"));
				java.sql.PreparedStatement count = db
					.prepareStatement("select count(*) from threads where parent_message_id = ?")) {
			count.setObject(1, UUID.fromString(parentMessageId));
			try (java.sql.ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	private static int replyCount(String message) {
		return api.get("/v1/messages/" + message, users.bob().accessToken()).expect(200).get("replyCount").asInt();
	}

	private static void collect(KafkaConsumer<String, String> kafka, String parent, Map<String, List<JsonNode>> events) {
		for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
			JsonNode event = JSON.readTree(record.value());
			JsonNode data = event.path("data");
			if (parent.equals(data.path("parentMessageId").asString(null))) {
				events.computeIfAbsent(event.path("type").asString(), (type) -> new java.util.concurrent.CopyOnWriteArrayList<>())
					.add(data);
			}
		}
	}

	/** A consumer of the messages topic from its current end, outside any consumer group. */
	private static KafkaConsumer<String, String> messagesFromNow() {
		KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				System.getenv().getOrDefault("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		List<TopicPartition> partitions = kafka.partitionsFor("colink.messages", Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		kafka.assign(partitions);
		kafka.seekToEnd(partitions);
		partitions.forEach(kafka::position);
		return kafka;
	}

	private static String post(SignedInUser sender, String text) {
		return api.post("/v1/messages", sender.accessToken(), json("channelId", users.channelId(), "text", text))
			.expect(201)
			.get("id")
			.asString();
	}

	private static ApiClient.Answer reply(SignedInUser author, String parent, String text, String key) {
		String body = (key != null) ? json("parentMessageId", parent, "text", text, "idempotencyKey", key)
				: json("parentMessageId", parent, "text", text);
		return api.post("/v1/threads", author.accessToken(), body);
	}

}
