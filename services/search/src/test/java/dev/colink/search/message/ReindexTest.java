package dev.colink.search.message;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.LocalStack;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./colink reindex} against the running stack: the alias moves to a new index built from Postgres, the old
 * index is gone, and search answers as before: what is visible is found, what was deleted is not.
 */
class ReindexTest {

	private static final String OPENSEARCH = System.getenv().getOrDefault("COLINK_OPENSEARCH_URL", "http://127.0.0.1:9200");

	private static SignedInUser alice;

	private static String channelId;

	@BeforeAll
	static void signIn() {
		alice = SignedInUsers.create("reindex");
		channelId = MessageSearchTest.channel(alice);
	}

	@AfterAll
	static void removeUser() {
		SignedInUsers.delete(alice);
	}

	@Test
	void theRebuiltIndexReplacesTheOldOneAndFindsWhatPostgresHolds() throws Exception {
		String marker = MessageSearchTest.marker();
		String kept = MessageSearchTest.post(alice, channelId, "kept " + marker);
		String edited = MessageSearchTest.post(alice, channelId, "draft " + marker);
		String deleted = MessageSearchTest.post(alice, channelId, "deleted " + marker);
		ApiClient.gateway().patch("/v1/messages/" + edited, alice.accessToken(), ApiClient.json("text", "final " + marker))
			.expect(200);
		ApiClient.gateway().delete("/v1/messages/" + deleted, alice.accessToken()).expect(204);
		MessageSearchTest.awaitResults(alice, marker, 2, kept, edited);
		String before = indexBehindAlias();
		// A rebuild that died half-way (killed, out of memory) left its new index behind: the next one replaces it.
		String leftover = "colink-messages-v" + (Integer.parseInt(before.substring(before.lastIndexOf("-v") + 2)) + 1);
		assertThat(send("PUT", "/" + leftover + "/_doc/stale", "{\"text\":\"stale " + marker + "\"}").statusCode())
			.isEqualTo(201);

		LocalStack.colink("reindex");

		String after = indexBehindAlias();
		assertThat(after).isEqualTo(leftover);
		assertThat(send("GET", "/" + after + "/_doc/stale", null).statusCode()).as("the leftover's documents are gone")
			.isEqualTo(404);
		assertThat(get("/" + before).statusCode()).as("the old index is deleted").isEqualTo(404);
		MessageSearchTest.awaitResults(alice, marker, 2, kept, edited);
		MessageSearchTest.awaitResults(alice, "final " + marker, 1, edited);
		MessageSearchTest.awaitResults(alice, "draft " + marker, 0);
	}

	private static String indexBehindAlias() throws Exception {
		String body = get("/_alias/colink-messages").body();
		int start = body.indexOf('"');
		return body.substring(start + 1, body.indexOf('"', start + 1));
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return send("GET", path, null);
	}

	private static HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(OPENSEARCH + path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
