package dev.colink.reactions.reaction;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.TestSocket;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journey 7 through the running stack's gateway, with real sign-ins: alice owns a public channel, bob is in it,
 * carol is not.
 */
class ReactionsJourneyTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final ApiClient api = ApiClient.gateway();

	private static ThreeUsers users;

	@BeforeAll
	static void signIn() {
		users = ThreeUsers.create("react");
	}

	@AfterAll
	static void cleanUp() {
		users.delete();
	}

	@Test
	void theSameEmojiWithAnotherKeyIsAConflictAndTheSameKeyAnswersTheFirstReactionAgain() {
		String message = post(users.alice(), users.channelId(), "react to me");

		JsonNode first = react(users.bob(), message, "👍", "key-1").expect(201);
		ApiClient.Answer again = react(users.bob(), message, "👍", "key-2");
		JsonNode repeated = react(users.bob(), message, "👍", "key-1").expect(201);

		assertThat(first.get("messageId").asString()).isEqualTo(message);
		assertThat(first.get("userId").asString()).isEqualTo(users.bob().id());
		assertThat(first.get("emoji").asString()).isEqualTo("👍");
		assertThat(first.get("createdAt").asString()).isNotEmpty();
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("code").asString()).isEqualTo("already_reacted");
		assertThat(repeated).isEqualTo(first);
		assertThat(summary(users.alice(), message)).containsExactly("👍 1 false");
	}

	@Test
	void countsFollowTheAddsAndRemovalsOfThreeUsers() {
		String channel = ThreeUsers.channel(users.alice(), "react-counts");
		join(users.bob(), channel);
		join(users.carol(), channel);
		String message = post(users.alice(), channel, "count us");

		react(users.alice(), message, "👍", null).expect(201);
		react(users.bob(), message, "👍", null).expect(201);
		react(users.carol(), message, "👍", null).expect(201);
		react(users.carol(), message, "🎉", null).expect(201);
		react(users.bob(), message, ":party_parrot:", null).expect(201);

		assertThat(summary(users.alice(), message)).containsExactly("👍 3 true", "🎉 1 false", ":party_parrot: 1 false");
		assertThat(summary(users.carol(), message)).as("read again, from the cache")
			.containsExactly("👍 3 true", "🎉 1 true", ":party_parrot: 1 false");

		unreact(users.bob(), message, "👍").expect(204);
		unreact(users.carol(), message, "🎉").expect(204);
		// Removing what is not there changes nothing.
		unreact(users.carol(), message, "🎉").expect(204);

		assertThat(summary(users.bob(), message)).containsExactly("👍 2 false", ":party_parrot: 1 true");
		assertThat(summary(users.carol(), message)).containsExactly("👍 2 true", ":party_parrot: 1 false");
	}

	@Test
	void concurrentReactionsAreAllCounted() throws Exception {
		String message = post(users.alice(), users.channelId(), "race");
		List<Thread> threads = new ArrayList<>();
		List<String> emoji = List.of("😀", "😂", "😍", "🔥", "🙏", "💯", "👀", "🚀");
		for (String one : emoji) {
			for (SignedInUser user : List.of(users.alice(), users.bob())) {
				Thread thread = new Thread(() -> react(user, message, one, null).expect(201));
				thread.start();
				threads.add(thread);
			}
		}
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(summary(users.alice(), message)).hasSize(8).allMatch((line) -> line.endsWith(" 2 true"));
	}

	@Test
	void badEmojiAre400AndMessagesOneCannotSeeAre404() {
		String message = post(users.alice(), users.channelId(), "guarded");

		for (String bad : new String[] { "hello", "👍👍", "a👍", ":Not_Allowed:", "::", "1" }) {
			ApiClient.Answer answer = react(users.bob(), message, bad, null);

			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.json().get("code").asString()).as(bad).isEqualTo("invalid_emoji");
			assertThat(answer.body()).as(bad).contains("emoji");
		}
		assertThat(api.post(reactions(message), users.bob().accessToken(), "{}").status()).isEqualTo(400);
		for (String fine : new String[] { "👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "❤️", ":+1:" }) {
			assertThat(react(users.bob(), message, fine, null).status()).as(fine).isEqualTo(201);
		}
		assertThat(react(users.carol(), message, "👍", null).status()).isEqualTo(404);
		assertThat(api.get(reactions(message), users.carol().accessToken()).status()).isEqualTo(404);
		assertThat(unreact(users.carol(), message, "👍").status()).isEqualTo(404);
		assertThat(react(users.bob(), UUID.randomUUID().toString(), "👍", null).status()).isEqualTo(404);
		assertThat(react(users.bob(), "not-an-id", "👍", null).status()).isEqualTo(404);

		String dm = api.post("/v1/messages", users.alice().accessToken(), json("recipientId", users.bob().id(), "text", "just us"))
			.expect(201)
			.get("id")
			.asString();
		assertThat(react(users.bob(), dm, "👍", null).status()).isEqualTo(201);
		assertThat(react(users.carol(), dm, "👍", null).status()).isEqualTo(404);
	}

	@Test
	void aBlockStopsReactionsInTheDmInEitherDirection() {
		String dm = api.post("/v1/messages", users.alice().accessToken(),
				json("recipientId", users.carol().id(), "text", "just us")).expect(201).get("id").asString();
		api.post("/v1/users/" + users.alice().id() + "/block", users.carol().accessToken(), null).expect(204);
		try {
			for (SignedInUser reacting : List.of(users.alice(), users.carol())) {
				ApiClient.Answer refused = react(reacting, dm, "👍", null);

				assertThat(refused.status()).as(reacting.id()).isEqualTo(403);
				assertThat(refused.json().get("code").asString()).isEqualTo("blocked");
			}
			assertThat(summary(users.alice(), dm)).as("nothing stored").isEmpty();
		}
		finally {
			api.delete("/v1/users/" + users.alice().id() + "/block", users.carol().accessToken()).expect(204);
		}
		react(users.carol(), dm, "👍", null).expect(201);
	}

	@Test
	void membersSeeReactionsLiveAndOthersDoNot() {
		String message = post(users.alice(), users.channelId(), "watch this");
		try (TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken());
				TestSocket carol = TestSocket.open(ApiClient.GATEWAY_URL, null, users.carol().accessToken())) {
			assertThat(bob.next(WAIT).get("type").asString()).isEqualTo("hello");
			assertThat(carol.next(WAIT).get("type").asString()).isEqualTo("hello");

			react(users.alice(), message, "🚀", null).expect(201);
			JsonNode added = bob.nextMatching(WAIT, TestSocket.frame("reaction.added", "messageId", message));
			unreact(users.alice(), message, "🚀").expect(204);
			JsonNode removed = bob.nextMatching(WAIT, TestSocket.frame("reaction.removed", "messageId", message));

			assertThat(added.get("type").asString()).isEqualTo("reaction.added");
			assertThat(added.path("data").path("messageId").asString()).isEqualTo(message);
			assertThat(added.path("data").path("userId").asString()).isEqualTo(users.alice().id());
			assertThat(added.path("data").path("emoji").asString()).isEqualTo("🚀");
			assertThat(removed.get("type").asString()).isEqualTo("reaction.removed");
			assertThat(removed.get("seq").asLong()).isGreaterThan(added.get("seq").asLong());
			assertThat(carol.drain()).noneMatch((frame) -> frame.path("type").asString().startsWith("reaction."));
		}
	}

	private static String post(SignedInUser sender, String channelId, String text) {
		return api.post("/v1/messages", sender.accessToken(), json("channelId", channelId, "text", text))
			.expect(201)
			.get("id")
			.asString();
	}

	private static void join(SignedInUser user, String channelId) {
		api.post("/v1/channels/" + channelId + "/join", user.accessToken(), null).expect(200);
	}

	private static ApiClient.Answer react(SignedInUser user, String messageId, String emoji, String key) {
		String body = (key != null) ? json("emoji", emoji, "idempotencyKey", key) : json("emoji", emoji);
		return api.post(reactions(messageId), user.accessToken(), body);
	}

	private static ApiClient.Answer unreact(SignedInUser user, String messageId, String emoji) {
		return api.delete(reactions(messageId) + "/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20"),
				user.accessToken());
	}

	/** The message's reactions as the user sees them, one "emoji count reactedByMe" line each, in order. */
	private static List<String> summary(SignedInUser user, String messageId) {
		List<String> lines = new ArrayList<>();
		api.get(reactions(messageId), user.accessToken())
			.expect(200)
			.get("data")
			.forEach((entry) -> lines.add(entry.get("emoji").asString() + " " + entry.get("count").asLong() + " "
					+ entry.get("reactedByMe").asBoolean()));
		return lines;
	}

	private static String reactions(String messageId) {
		return "/v1/messages/" + messageId + "/reactions";
	}

}
