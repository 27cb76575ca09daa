package dev.colink.search.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 5 through the gateway of the running stack: messages posted over REST reach OpenSearch through Kafka and
 * are found by the members of their channel or DM only, highlighted, with their senders; deleted ones disappear,
 * edited ones are found by their new text.
 */
class MessageSearchTest {

	/** Far above the freshness goal (1 s), so that a slow machine does not fail the test. */
	private static final Duration INDEXED = Duration.ofSeconds(20);

	private static final ApiClient api = ApiClient.gateway();

	private static SignedInUser alice;

	private static SignedInUser bob;

	private static SignedInUser carol;

	private static String shared;

	private static String carols;

	private static ThreeUsers users;

	@BeforeAll
	static void signInAndMeet() {
		users = ThreeUsers.create("search");
		alice = users.alice();
		bob = users.bob();
		carol = users.carol();
		shared = users.channelId();
		carols = channel(carol);
	}

	@AfterAll
	static void removeUsers() {
		users.delete();
	}

	@Test
	void membersFindMatchesHighlightedWithSendersAndNothingOfOtherChannelsNotEvenInTheTotal() {
		String marker = marker();
		String bobs = post(bob, shared, "This is URGENT: the build of " + marker + " is red");
		post(alice, shared, "nothing to see about " + marker);
		post(carol, carols, "urgent, in a channel alice is not in: " + marker);

		JsonNode found = awaitResults(alice, "urgent " + marker, 1);
		JsonNode hit = found.get("data").get(0);
		assertThat(found.get("total").asLong()).isEqualTo(1);
		assertThat(hit.get("id").asString()).isEqualTo(bobs);
		assertThat(hit.get("text").asString()).isEqualTo("This is URGENT: the build of " + marker + " is red");
		assertThat(hit.get("highlights").get(0).asString()).contains("<em>URGENT</em>").contains("<em>" + marker + "</em>");
		assertThat(hit.get("sender").get("id").asString()).isEqualTo(bob.id());
		assertThat(hit.get("sender").get("displayName").asString()).isEqualTo(bob.displayName());
		assertThat(hit.get("sender").get("username").asString()).isEqualTo(bob.username());
		assertThat(hit.get("channelId").asString()).isEqualTo(shared);
		assertThat(hit.get("score").asDouble()).isPositive();
		assertThat(found.get("nextCursor").isNull()).isTrue();

		JsonNode carolsView = awaitResults(carol, "urgent " + marker, 1);
		assertThat(carolsView.get("data").get(0).get("channelId").asString()).isEqualTo(carols);
		assertThat(search(alice, "q=urgent+" + marker + "&channelId=" + shared).expect(200).get("total").asLong()).isEqualTo(1);
	}

	@Test
	void searchingAChannelOneIsNotInIsForbiddenAndBadQueriesNameTheirField() {
		assertThat(search(alice, "q=urgent&channelId=" + carols).expect(403).get("code").asString()).isEqualTo("not_a_member");
		assertThat(search(alice, "q=").expect(400).get("field").asString()).isEqualTo("q");
		assertThat(search(alice, "channelId=" + shared).expect(400).get("field").asString()).isEqualTo("q");
		assertThat(search(alice, "q=urgent&limit=0").expect(400).get("field").asString()).isEqualTo("limit");
		assertThat(search(alice, "q=urgent&cursor=nonsense").expect(400).get("field").asString()).isEqualTo("cursor");
		assertThat(search(alice, "q=urgent&channelId=nope").expect(400).get("field").asString()).isEqualTo("channelId");
		assertThat(api.get("/v1/search/messages?q=urgent", null).status()).isEqualTo(401);
	}

	@Test
	void aDeletedMessageDisappearsAndAnEditedOneIsFoundByItsNewText() {
		String marker = marker();
		String doomed = post(alice, shared, "urgent and soon deleted " + marker);
		String edited = post(alice, shared, "first draft " + marker);
		awaitResults(bob, "urgent " + marker, 1);

		api.delete("/v1/messages/" + doomed, alice.accessToken()).expect(204);
		api.patch("/v1/messages/" + edited, alice.accessToken(), json("text", "final and urgent " + marker)).expect(200);

		JsonNode found = awaitResults(bob, "urgent " + marker, 1, edited);
		assertThat(found.get("total").asLong()).isEqualTo(1);
		assertThat(found.get("data").get(0).get("text").asString()).isEqualTo("final and urgent " + marker);
		assertThat(awaitResults(bob, "draft " + marker, 0).get("total").asLong()).isZero();
	}

	@Test
	void aDirectMessageIsFoundByItsTwoParticipantsOnly() {
		String marker = marker();
		String dm = api.post("/v1/messages", alice.accessToken(), json("recipientId", bob.id(), "text", "urgent between us " + marker))
			.expect(201)
			.get("id")
			.asString();

		assertThat(awaitResults(bob, marker, 1).get("data").get(0).get("dmId").asString()).isNotBlank();
		assertThat(awaitResults(alice, marker, 1).get("data").get(0).get("id").asString()).isEqualTo(dm);
		assertThat(search(carol, "q=" + marker).expect(200).get("total").asLong()).isZero();
	}

	@Test
	void resultsComeInPagesAndHighlightsEscapeMarkup() {
		String marker = marker();
		for (int i = 0; i < 5; i++) {
			post(bob, shared, "<b>page</b> " + i + " of " + marker);
		}
		awaitResults(alice, marker, 5);

		Set<String> seen = new HashSet<>();
		List<Integer> pageSizes = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = search(alice, "q=" + marker + "&limit=2" + (cursor != null ? "&cursor=" + cursor : "")).expect(200);
			assertThat(page.get("total").asLong()).isEqualTo(5);
			page.get("data").forEach((hit) -> {
				seen.add(hit.get("id").asString());
				// The text's own markup comes escaped; only the highlight tags are markup.
				assertThat(hit.get("highlights").get(0).asString()).startsWith("&lt;b&gt;page&lt;")
					.doesNotContain("<b>")
					.contains("<em>" + marker + "</em>");
			});
			pageSizes.add(page.get("data").size());
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);

		assertThat(pageSizes).containsExactly(2, 2, 1);
		assertThat(seen).hasSize(5);
	}

	/** Searches until the results hold {@code count} hits (and, if given, these ids). */
	static JsonNode awaitResults(SignedInUser user, String q, int count, String... ids) {
		return await().atMost(INDEXED).pollInterval(Duration.ofMillis(100)).until(
				() -> search(user, "q=" + q.replace(' ', '+')).expect(200),
				(results) -> {
					List<String> found = new ArrayList<>();
					results.get("data").forEach((hit) -> found.add(hit.get("id").asString()));
					return found.size() == count && found.containsAll(List.of(ids));
				});
	}

	static ApiClient.Answer search(SignedInUser user, String query) {
		return api.get("/v1/search/messages?" + query, user.accessToken());
	}

	static String post(SignedInUser sender, String channelId, String text) {
		return api.post("/v1/messages", sender.accessToken(), json("channelId", channelId, "text", text))
			.expect(201)
			.get("id")
			.asString();
	}

	static String channel(SignedInUser owner) {
		return ThreeUsers.channel(owner, "search");
	}

	/** A word no other message has: each test finds exactly its own messages. */
	static String marker() {
		return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

}
