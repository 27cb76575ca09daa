package dev.colink.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.ApiClient.Answer;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journeys 2 and 3 end to end through the running stack's gateway, as clients do it, with users signed in with
 * TOTP: direct messages (blocked and deactivated users refused), channels (owner membership, non-members refused
 * until they join, private channels closed and invisible), one message per idempotency key under 50 concurrent
 * retries, and edits and deletions by the author only.
 */
class ChannelsAndMessagesJourneyTest {

	/**
	 * A message text that must never appear in a log: after every test, ./colink test searches the stack's logs for it
	 * (deploy/local/logs.sh), so it is posted here through the whole path, gateway, messaging, Kafka, search and
	 * realtime-gateway.
	 */
	static final String LOG_LEAK_MARKER = "colink log-leak marker 7f3a: never in a log";

	private static final ApiClient gateway = ApiClient.gateway();

	private static SignedInUser alice;

	private static SignedInUser bob;

	private static SignedInUser carol;

	@BeforeAll
	static void signIn() {
		alice = SignedInUsers.create("journey-alice");
		bob = SignedInUsers.create("journey-bob");
		carol = SignedInUsers.create("journey-carol");
	}

	@AfterAll
	static void removeUsers() {
		List.of(alice, bob, carol).forEach(SignedInUsers::delete);
	}

	@Test
	void twoUsersDmEachOtherUntilOneBlocksAndADeactivatedUserGetsNothing() {
		JsonNode first = dm(alice, bob, LOG_LEAK_MARKER).expect(201);
		JsonNode second = dm(bob, alice, "hi alice").expect(201);

		JsonNode history = gateway.get("/v1/messages?userId=" + bob.id(), alice.accessToken()).expect(200);
		assertThat(ids(history)).startsWith(second.get("id").asString(), first.get("id").asString());
		assertThat(history.get("data").get(0).get("text").asString()).isEqualTo("hi alice");

		gateway.post("/v1/users/" + alice.id() + "/block", bob.accessToken(), null).expect(204);
		assertThat(dm(alice, bob, "are you there?").expect(403).get("code").asString()).isEqualTo("blocked");
		gateway.delete("/v1/users/" + alice.id() + "/block", bob.accessToken()).expect(204);

		SignedInUser dave = SignedInUsers.create("journey-dave");
		try {
			dm(alice, dave, "welcome").expect(201);
			gateway.post("/v1/admin/users/" + dave.id() + "/deactivate", RealmTokens.adminAccessToken(), null)
				.expect(200);
			assertThat(dm(alice, dave, "still there?").status()).isEqualTo(403);
		}
		finally {
			SignedInUsers.delete(dave);
		}
		assertThat(dm(alice, UUID.randomUUID().toString(), "nobody").status()).isEqualTo(404);
	}

	@Test
	void aChannelIsCreatedWithItsOwnerAndOnlyMembersPost() {
		String name = "journey-" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode channel = gateway
			.post("/v1/channels", alice.accessToken(),
					json("name", name, "displayName", "Journey", "isPrivate", false, "idempotencyKey", "c-" + name))
			.expect(201);
		String channelId = channel.get("id").asString();
		assertThat(channel.get("memberCount").asInt()).isEqualTo(1);
		assertThat(channel.get("createdBy").asString()).isEqualTo(alice.id());
		JsonNode members = gateway.get("/v1/channels/" + channelId + "/members", alice.accessToken()).expect(200);
		assertThat(members.get("data")).hasSize(1);
		assertThat(members.get("data").get(0).get("userId").asString()).isEqualTo(alice.id());
		assertThat(members.get("data").get(0).get("role").asString()).isEqualTo("owner");
		assertThat(gateway.post("/v1/channels", bob.accessToken(), json("name", name)).status()).isEqualTo(409);

		JsonNode opening = post(alice, channelId, "first!").expect(201);
		assertThat(post(bob, channelId, "me too").expect(403).get("code").asString()).isEqualTo("not_a_member");
		assertThat(gateway.get("/v1/messages?channelId=" + channelId, bob.accessToken()).status()).isEqualTo(403);

		gateway.post("/v1/channels/" + channelId + "/join", bob.accessToken(), null).expect(200);
		JsonNode reply = post(bob, channelId, "me too").expect(201);
		assertThat(reply.get("channelId").asString()).isEqualTo(channelId);
		assertThat(ids(gateway.get("/v1/messages?channelId=" + channelId, alice.accessToken()).expect(200)))
			.containsExactly(reply.get("id").asString(), opening.get("id").asString());

		gateway.post("/v1/channels/" + channelId + "/leave", bob.accessToken(), null).expect(204);
		assertThat(post(bob, channelId, "one more").status()).isEqualTo(403);
	}

	@Test
	void aPrivateChannelCannotBeJoinedAndDoesNotLeakToNonMembers() {
		String name = "secret-" + UUID.randomUUID().toString().substring(0, 8);
		String channelId = gateway
			.post("/v1/channels", alice.accessToken(), json("name", name, "displayName", "Secret", "isPrivate", true))
			.expect(201)
			.get("id")
			.asString();
		post(alice, channelId, "classified").expect(201);

		assertThat(gateway.post("/v1/channels/" + channelId + "/join", carol.accessToken(), null).status())
			.isEqualTo(403);
		assertThat(gateway.get("/v1/channels/" + channelId, carol.accessToken()).status()).isEqualTo(404);
		assertThat(gateway.get("/v1/channels/" + channelId + "/members", carol.accessToken()).status()).isEqualTo(404);
		assertThat(gateway.get("/v1/channels?scope=public&limit=200", carol.accessToken()).body()).doesNotContain(channelId);
		assertThat(post(carol, channelId, "let me in").status()).isEqualTo(403);
		Answer history = gateway.get("/v1/messages?channelId=" + channelId, carol.accessToken());
		assertThat(history.status()).isEqualTo(403);
		assertThat(history.body()).doesNotContain("classified");
	}

	@Test
	void fiftyConcurrentPostsWithOneIdempotencyKeyMakeOneMessage() throws Exception {
		String key = "journey-" + UUID.randomUUID();
		String body = json("recipientId", carol.id(), "text", "exactly once", "idempotencyKey", key);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Answer>> answers = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return gateway.post("/v1/messages", bob.accessToken(), body);
				}));
			}
			start.countDown();
			List<String> bodies = new ArrayList<>();
			for (Future<Answer> answer : answers) {
				bodies.add(answer.get().expect(201).toString());
			}
			assertThat(Set.copyOf(bodies)).hasSize(1);
			String id = answers.get(0).get().json().get("id").asString();
			JsonNode history = gateway.get("/v1/messages?userId=" + bob.id() + "&limit=200", carol.accessToken())
				.expect(200);
			assertThat(ids(history).stream().filter(id::equals)).hasSize(1);
			assertThat(history.toString().split("exactly once", -1)).hasSize(2);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void onlyTheAuthorEditsOrDeletesAndDeletedMessagesVanish() {
		JsonNode message = dm(carol, alice, "tpyo").expect(201);
		String id = message.get("id").asString();

		assertThat(gateway.patch("/v1/messages/" + id, alice.accessToken(), json("text", "no")).status()).isEqualTo(403);
		assertThat(gateway.delete("/v1/messages/" + id, alice.accessToken()).status()).isEqualTo(403);
		JsonNode edited = gateway.patch("/v1/messages/" + id, carol.accessToken(), json("text", "typo")).expect(200);
		assertThat(edited.get("editedAt").isNull()).isFalse();
		assertThat(gateway.get("/v1/messages/" + id, alice.accessToken()).expect(200).get("text").asString())
			.isEqualTo("typo");

		gateway.delete("/v1/messages/" + id, carol.accessToken()).expect(204);
		assertThat(gateway.get("/v1/messages/" + id, alice.accessToken()).status()).isEqualTo(404);
		assertThat(ids(gateway.get("/v1/messages?userId=" + carol.id(), alice.accessToken()).expect(200)))
			.doesNotContain(id);
	}

	private static Answer dm(SignedInUser from, SignedInUser to, String text) {
		return dm(from, to.id(), text);
	}

	private static Answer dm(SignedInUser from, String toId, String text) {
		return gateway.post("/v1/messages", from.accessToken(), json("recipientId", toId, "text", text));
	}

	private static Answer post(SignedInUser from, String channelId, String text) {
		return gateway.post("/v1/messages", from.accessToken(), json("channelId", channelId, "text", text));
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("data").forEach((message) -> ids.add(message.get("id").asString()));
		return ids;
	}

}
