package dev.colink.search.message;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colink.security.testing.LocalStack;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stack's real OpenSearch is stopped (by PID): posting keeps working, search answers 503 with a problem body,
 * and once OpenSearch is back every message posted meanwhile becomes searchable without anyone's help.
 */
class SearchOutageTest {

	private static SignedInUser alice;

	private static String channelId;

	@BeforeAll
	static void signIn() {
		alice = SignedInUsers.create("search-outage");
		channelId = MessageSearchTest.channel(alice);
	}

	@AfterAll
	static void removeUser() {
		SignedInUsers.delete(alice);
	}

	@Test
	void messagesPostedWhileOpenSearchIsDownAreAllFoundOnceItIsBack() {
		String marker = MessageSearchTest.marker();
		Set<String> posted = new HashSet<>();
		LocalStack.colink("stop", "opensearch");
		try {
			for (int i = 0; i < 20; i++) {
				posted.add(MessageSearchTest.post(alice, channelId, "posted during the outage " + i + " " + marker));
			}
			assertThat(MessageSearchTest.search(alice, "q=" + marker).expect(503).get("code").asString())
				.isEqualTo("search_unavailable");
		}
		finally {
			LocalStack.colink("start", "opensearch");
		}
		Set<String> found = new HashSet<>();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			found.clear();
			MessageSearchTest.search(alice, "q=" + marker + "&limit=50").expect(200).get("data")
				.forEach((hit) -> found.add(hit.get("id").asString()));
			assertThat(found).containsExactlyInAnyOrderElementsOf(posted);
		});
	}

}
