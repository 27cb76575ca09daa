package dev.colink.admin.moderation;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.TestSocket;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 9 through the running stack's gateway, with real sign-ins: alice owns a channel bob is in, and the
 * bootstrap administrator moderates their messages.
 */
class ModerationJourneyTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final ApiClient api = ApiClient.gateway();

	private static ThreeUsers users;

	@BeforeAll
	static void signIn() {
		users = ThreeUsers.create("moderate");
	}

	@AfterAll
	static void cleanUp() {
		users.delete();
	}

	@Test
	void onlyAdministratorsModerateAndReadTheAuditLog() {
		String message = post(users.alice(), "not yours to remove");

		ApiClient.Answer moderate = api.post(moderate(message), users.bob().accessToken(),
				json("action", "delete", "reason", "I do not like it"));

		assertThat(moderate.status()).isEqualTo(403);
		assertThat(api.get("/v1/admin/audit-logs", users.bob().accessToken()).status()).isEqualTo(403);
		assertThat(history(users.bob())).contains(message);
	}

	@Test
	void aModeratedMessageLeavesHistorySearchAndClientsAndIsAudited() {
		String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		String message = post(users.alice(), "a spammy message " + word);
		await().atMost(WAIT).until(() -> searchFinds(users.bob(), word));
		try (TestSocket bob = TestSocket.open(ApiClient.GATEWAY_URL, null, users.bob().accessToken())) {
			assertThat(bob.next(WAIT).get("type").asString()).isEqualTo("hello");

			JsonNode moderation = api.post(moderate(message), admin(), json("action", "delete", "reason", "spam"))
				.expect(200);
			JsonNode frame = bob.nextMatching(WAIT, TestSocket.frame("message.deleted", "messageId", message));

			assertThat(moderation.get("messageId").asString()).isEqualTo(message);
			assertThat(moderation.get("action").asString()).isEqualTo("delete");
			assertThat(moderation.get("reason").asString()).isEqualTo("spam");
			assertThat(moderation.get("moderatedAt").asString()).isNotEmpty();
			assertThat(frame.get("type").asString()).isEqualTo("message.deleted");
			assertThat(frame.path("data").path("messageId").asString()).isEqualTo(message);
			assertThat(history(users.bob())).doesNotContain(message);
			assertThat(api.get("/v1/messages/" + message, users.bob().accessToken()).status()).isEqualTo(404);
			await().atMost(WAIT).until(() -> !searchFinds(users.bob(), word));

			JsonNode entries = api.get("/v1/admin/audit-logs?targetId=" + message, admin()).expect(200).get("data");
			assertThat(entries).hasSize(1);
			JsonNode entry = entries.get(0);
			assertThat(entry.get("actorId").asString()).isEqualTo(moderation.get("actorId").asString());
			assertThat(entry.get("action").asString()).isEqualTo("message.moderate");
			assertThat(entry.get("targetId").asString()).isEqualTo(message);
			assertThat(entry.get("metadata").get("reason").asString()).isEqualTo("spam");
			assertThat(entry.get("metadata").get("senderId").asString()).isEqualTo(users.alice().id());
		}
		ApiClient.Answer again = api.post(moderate(message), admin(), json("action", "delete", "reason", "spam"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(api.get("/v1/admin/audit-logs?targetId=" + message, admin()).expect(200).get("data")).hasSize(1);
	}

	@Test
	void badRequestsChangeNothing() {
		String message = post(users.alice(), "still here");

		ApiClient.Answer unknownAction = api.post(moderate(message), admin(), json("action", "shadowban", "reason", "x"));
		ApiClient.Answer noReason = api.post(moderate(message), admin(), json("action", "delete"));
		ApiClient.Answer unknownMessage = api.post(moderate(UUID.randomUUID().toString()), admin(),
				json("action", "delete", "reason", "x"));

		assertThat(unknownAction.status()).isEqualTo(400);
		assertThat(unknownAction.body()).contains("action");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.body()).contains("reason");
		assertThat(unknownMessage.status()).isEqualTo(404);
		assertThat(history(users.bob())).contains(message);
		assertThat(api.get("/v1/admin/audit-logs?targetId=" + message, admin()).expect(200).get("data")).isEmpty();
	}

	@Test
	void theAuditLogFiltersAndPagesNewestFirst() {
		String actorId = null;
		for (int i = 0; i < 3; i++) {
			String message = post(users.alice(), "page me " + i);
			actorId = api.post(moderate(message), admin(), json("action", "delete", "reason", "page " + i))
				.expect(200)
				.get("actorId")
				.asString();
		}
		String filter = "/v1/admin/audit-logs?action=message.moderate&actorId=" + actorId + "&limit=2";

		JsonNode first = api.get(filter, admin()).expect(200);
		JsonNode second = api.get(filter + "&cursor=" + first.get("nextCursor").asString(), admin()).expect(200);

		assertThat(first.get("data")).hasSize(2);
		assertThat(first.get("data").get(0).get("metadata").get("reason").asString()).isEqualTo("page 2");
		assertThat(first.get("data").get(1).get("metadata").get("reason").asString()).isEqualTo("page 1");
		assertThat(second.get("data").get(0).get("metadata").get("reason").asString()).isEqualTo("page 0");
		assertThat(api.get("/v1/admin/audit-logs?limit=0", admin()).status()).isEqualTo(400);
		assertThat(api.get("/v1/admin/audit-logs?cursor=nonsense", admin()).status()).isEqualTo(400);
	}

	@Test
	void controlCharactersInTheAuditLogFiltersOrAMalformedCursorAre400NamingTheParameter() {
		for (String parameter : java.util.List.of("actorId", "targetId", "action")) {
			ApiClient.Answer refused = api.get("/v1/admin/audit-logs?" + parameter + "=a%00b", admin());

			assertThat(refused.status()).as(parameter + " " + refused.body()).isEqualTo(400);
			assertThat(refused.json().get("code").asString()).isEqualTo("invalid_request");
			assertThat(refused.json().get("field").asString()).isEqualTo(parameter);
		}
		ApiClient.Answer cursor = api.get("/v1/admin/audit-logs?cursor=AA", admin());
		assertThat(cursor.status()).as(cursor.body()).isEqualTo(400);
		assertThat(cursor.json().get("code").asString()).isEqualTo("invalid_cursor");
		assertThat(cursor.json().get("field").asString()).isEqualTo("cursor");
	}

	@Test
	void aDisplayNameWithNulIsA400AndCreatesNoUser() {
		String username = "nul-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Answer refused = api.post("/v1/admin/users", admin(), json("username", username, "email",
				username + "@colink.test", "displayName", "Ada\u0000Lovelace", "password", "correct-horse-" + username));

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.json().get("code").asString()).isEqualTo("invalid_request");
		assertThat(refused.json().get("field").asString()).isEqualTo("displayName");
		assertThat(api.get("/v1/users?q=" + username, users.alice().accessToken()).expect(200).get("data")).isEmpty();
		assertThat(dev.colink.security.testing.RealmUsers.adminApi("GET", "/users?exact=true&username=" + username, null)
			.body()
			.strip()).isEqualTo("[]");
	}

	private static String post(SignedInUser sender, String text) {
		return api.post("/v1/messages", sender.accessToken(), json("channelId", users.channelId(), "text", text))
			.expect(201)
			.get("id")
			.asString();
	}

	private static String history(SignedInUser reader) {
		return api.get("/v1/messages?channelId=" + users.channelId() + "&limit=200", reader.accessToken()).expect(200).toString();
	}

	private static boolean searchFinds(SignedInUser user, String word) {
		return api.get("/v1/search/messages?q=" + word, user.accessToken()).expect(200).get("data").size() > 0;
	}

	private static String moderate(String messageId) {
		return "/v1/admin/messages/" + messageId + "/moderate";
	}

	private static String admin() {
		return RealmTokens.adminAccessToken();
	}

}
