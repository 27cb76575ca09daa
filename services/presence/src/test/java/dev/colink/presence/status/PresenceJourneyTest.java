package dev.colink.presence.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.TestSocket;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 6 through the running stack's gateway, with real sign-ins, its Redis and live sockets: alice and bob share
 * a channel, carol shares nothing with them.
 */
class PresenceJourneyTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final ApiClient api = ApiClient.gateway();

	private static ThreeUsers users;

	@BeforeAll
	static void signIn() {
		users = ThreeUsers.create("presence");
	}

	@AfterAll
	static void cleanUp() {
		users.delete();
	}

	@Test
	void aStatusReachesWhoSharesAChannelAndNotAStrangerAndLapsesToOfflineWithoutHeartbeats() {
		try (TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken());
				TestSocket carol = TestSocket.open(ApiClient.GATEWAY_URL, null, users.carol().accessToken())) {
			assertThat(bob.next(WAIT).get("type").asString()).isEqualTo("hello");
			assertThat(carol.next(WAIT).get("type").asString()).isEqualTo("hello");

			JsonNode set = api.post("/v1/presence", users.alice().accessToken(),
					json("status", "online", "customStatus", "in a meeting")).expect(200);
			JsonNode online = bob.nextMatching(WAIT, TestSocket.frame("presence.update", "userId", users.alice().id()));

			assertThat(set.get("userId").asString()).isEqualTo(users.alice().id());
			assertThat(set.get("status").asString()).isEqualTo("online");
			assertThat(set.get("customStatus").asString()).isEqualTo("in a meeting");
			assertThat(set.get("expiresIn").asInt()).isEqualTo(60);
			assertThat(online.get("type").asString()).isEqualTo("presence.update");
			assertThat(online.path("data").path("userId").asString()).isEqualTo(users.alice().id());
			assertThat(online.path("data").path("status").asString()).isEqualTo("online");
			assertThat(statuses(users.alice().id() + "," + users.carol().id()))
				.containsExactly("online in a meeting", "offline null");

			try (RedisConnection redis = new RedisConnection()) {
				assertThat(redis.commands.sync().ttl("presence:user:" + users.alice().id())).isBetween(1L, 60L);
			}
			// No more heartbeats from alice: 60 s later she is announced offline.
			long silentSince = System.nanoTime();
			JsonNode offline = bob.nextMatching(Duration.ofSeconds(90),
					TestSocket.frame("presence.update", "userId", users.alice().id()));

			assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isGreaterThan(Duration.ofSeconds(55));

			assertThat(offline.get("type").asString()).isEqualTo("presence.update");
			assertThat(offline.path("data").path("status").asString()).isEqualTo("offline");
			assertThat(statuses(users.alice().id())).containsExactly("offline null");
			assertThat(carol.drain()).noneMatch((frame) -> frame.path("type").asString().equals("presence.update")
					&& frame.path("data").path("userId").asString().equals(users.alice().id()));
		}
	}

	/**
	 * Each presence.update reaches every member of every channel the user is in: a user flipping status as fast as
	 * the rate limit allows announces one change at once, then at most one per 5 s, the last being the final state.
	 */
	@Test
	void manyRapidStatusFlipsReachTheOthersAsABoundedNumberOfFramesEndingWithTheFinalState() {
		try (TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken())) {
			assertThat(bob.next(WAIT).get("type").asString()).isEqualTo("hello");
			String alice = users.alice().id();
			String[] statuses = { "away", "dnd", "online" };

			long started = System.nanoTime();
			for (int i = 0; i < 40; i++) {
				api.post("/v1/presence", users.alice().accessToken(),
						json("status", statuses[i % 3], "customStatus", "flip " + i)).expect(200);
			}
			api.post("/v1/presence", users.alice().accessToken(), json("status", "dnd", "customStatus", "focus"))
				.expect(200);
			List<JsonNode> frames = new ArrayList<>();
			await().atMost(WAIT).until(() -> {
				frames.addAll(presenceOf(alice, bob.drain()));
				return !frames.isEmpty() && isFinal(frames.get(frames.size() - 1));
			});
			Duration flipping = Duration.ofNanos(System.nanoTime() - started);
			// Nothing follows the final state.
			await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
				.until(() -> frames.addAll(presenceOf(alice, bob.drain())) || true);

			assertThat(frames).as("one at once, then at most one per 5 s over %s", flipping)
				.hasSizeLessThanOrEqualTo((int) (flipping.toSeconds() / 5) + 2);
			assertThat(isFinal(frames.get(frames.size() - 1))).as("the last frame is the final state").isTrue();
			assertThat(statuses(alice)).containsExactly("dnd focus");
		}
		finally {
			api.post("/v1/presence", users.alice().accessToken(), json("status", "offline")).expect(200);
		}
	}

	private static boolean isFinal(JsonNode frame) {
		return frame.path("data").path("status").asString().equals("dnd")
				&& frame.path("data").path("customStatus").asString("").equals("focus");
	}

	private static List<JsonNode> presenceOf(String userId, List<JsonNode> frames) {
		return frames.stream()
			.filter((frame) -> frame.path("type").asString().equals("presence.update"))
			.filter((frame) -> userId.equals(frame.path("data").path("userId").asString(null)))
			.toList();
	}

	@Test
	void typingReachesTheOtherMembersAsOneStartAndOneStop() {
		try (TestSocket alice = TestSocket.open(ApiClient.GATEWAY_URL, null, users.alice().accessToken());
				TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken());
				TestSocket carol = TestSocket.open(ApiClient.GATEWAY_URL, null, users.carol().accessToken())) {
			List.of(alice, bob, carol).forEach((socket) -> assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("hello"));

			for (int i = 0; i < 3; i++) {
				api.post("/v1/presence/typing", users.alice().accessToken(), json("channelId", users.channelId())).expect(204);
			}
			List<JsonNode> frames = new ArrayList<>();
			await().atMost(WAIT).until(() -> {
				frames.addAll(typingIn(users.channelId(), bob.drain()));
				return frames.stream().anyMatch((frame) -> frame.get("type").asString().equals("typing.stop"));
			});
			// Nothing follows the stop.
			await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> frames.addAll(typingIn(users.channelId(), bob.drain())) || true);

			assertThat(frames).extracting((frame) -> frame.get("type").asString()).containsExactly("typing.start", "typing.stop");
			assertThat(frames).allMatch((frame) -> frame.path("data").path("userId").asString().equals(users.alice().id())
					&& frame.path("data").path("channelId").asString().equals(users.channelId()));
			assertThat(typingIn(users.channelId(), alice.drain())).as("nobody sees themselves typing").isEmpty();
			assertThat(typingIn(users.channelId(), carol.drain())).isEmpty();
		}
	}

	@Test
	void typingInADmReachesTheOtherParticipant() {
		String dmId = api.post("/v1/messages", users.alice().accessToken(), json("recipientId", users.bob().id(), "text", "hi"))
			.expect(201)
			.get("dmId")
			.asString();
		try (TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken())) {
			assertThat(bob.next(WAIT).get("type").asString()).isEqualTo("hello");

			api.post("/v1/presence/typing", users.alice().accessToken(), json("dmId", dmId)).expect(204);

			JsonNode start = bob.nextMatching(WAIT, (frame) -> frame.path("type").asString().startsWith("typing.")
					&& dmId.equals(frame.path("data").path("dmId").asString(null)));
			assertThat(start.get("type").asString()).isEqualTo("typing.start");
			assertThat(start.path("data").path("dmId").asString()).isEqualTo(dmId);
		}
		assertThat(api.post("/v1/presence/typing", users.carol().accessToken(), json("dmId", dmId)).status()).isEqualTo(403);
	}

	@Test
	void aBlockStopsTypingInTheDmInEitherDirection() {
		// Two users of its own: a DM between the class's users would make carol, the stranger of the other cases, a
		// contact of alice's.
		SignedInUser writer = SignedInUsers.create("presence-block-writer");
		SignedInUser blocker = SignedInUsers.create("presence-block-blocker");
		try {
			String dmId = api.post("/v1/messages", writer.accessToken(), json("recipientId", blocker.id(), "text", "hi"))
				.expect(201)
				.get("dmId")
				.asString();
			api.post("/v1/users/" + writer.id() + "/block", blocker.accessToken(), null).expect(204);
			for (SignedInUser typist : List.of(writer, blocker)) {
				ApiClient.Answer refused = api.post("/v1/presence/typing", typist.accessToken(), json("dmId", dmId));

				assertThat(refused.status()).as(typist.id()).isEqualTo(403);
				assertThat(refused.json().get("code").asString()).isEqualTo("blocked");
			}
			api.delete("/v1/users/" + writer.id() + "/block", blocker.accessToken()).expect(204);
			api.post("/v1/presence/typing", blocker.accessToken(), json("dmId", dmId)).expect(204);
		}
		finally {
			SignedInUsers.delete(writer);
			SignedInUsers.delete(blocker);
		}
	}

	@Test
	void badInputIsRefusedNamingTheField() {
		ApiClient.Answer status = api.post("/v1/presence", users.alice().accessToken(), json("status", "busy"));
		ApiClient.Answer both = api.post("/v1/presence/typing", users.alice().accessToken(),
				json("channelId", users.channelId(), "dmId", users.channelId()));
		ApiClient.Answer stranger = api.post("/v1/presence/typing", users.carol().accessToken(),
				json("channelId", users.channelId()));
		ApiClient.Answer noUsers = api.get("/v1/presence", users.alice().accessToken());
		ApiClient.Answer badUser = api.get("/v1/presence?userIds=nobody", users.alice().accessToken());

		assertThat(status.status()).isEqualTo(400);
		assertThat(status.body()).contains("status");
		assertThat(both.status()).isEqualTo(400);
		assertThat(stranger.status()).isEqualTo(403);
		assertThat(noUsers.status()).isEqualTo(400);
		assertThat(badUser.status()).isEqualTo(400);
		assertThat(badUser.body()).contains("userIds");
	}

	private static List<String> statuses(String userIds) {
		List<String> lines = new ArrayList<>();
		api.get("/v1/presence?userIds=" + userIds, users.bob().accessToken())
			.expect(200)
			.get("data")
			.forEach((entry) -> lines.add(entry.get("status").asString() + " " + entry.get("customStatus").asString(null)));
		return lines;
	}

	/** The typing frames about one channel (a DM's, from another test, may still arrive). */
	private static List<JsonNode> typingIn(String channelId, List<JsonNode> frames) {
		return frames.stream()
			.filter((frame) -> frame.path("type").asString().startsWith("typing."))
			.filter((frame) -> channelId.equals(frame.path("data").path("channelId").asString(null)))
			.toList();
	}

	/** The stack's Redis, to shorten a key's life. */
	private static final class RedisConnection implements AutoCloseable {

		private final RedisClient client = RedisClient
			.create(System.getenv().getOrDefault("COLINK_REDIS_URL", "redis://127.0.0.1:6379"));

		private final StatefulRedisConnection<String, String> commands = this.client.connect();

		@Override
		public void close() {
			this.commands.close();
			this.client.shutdown();
		}

	}

}
