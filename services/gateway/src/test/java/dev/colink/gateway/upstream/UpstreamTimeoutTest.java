package dev.colink.gateway.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * This gateway with a response timeout shorter than any post takes, in front of the running stack's messaging: the
 * post is answered 504 upstream_timeout. The client cannot know whether messaging went on to store it (the benchmark
 * ChannelPostBenchmark counts such posts); it sends the post again with the same idempotency key, and every retry
 * answers 201 with one and the same message, stored once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1ms",
				"colink.gateway.rate-limit.enabled=false" })
class UpstreamTimeoutTest {

	private static SignedInUser alice;

	private static String channelId;

	@LocalServerPort
	int port;

	@BeforeAll
	static void channel() {
		alice = SignedInUsers.create("timeout-alice");
		channelId = ThreeUsers.channel(alice, "timeout");
	}

	@AfterAll
	static void removeUser() {
		SignedInUsers.delete(alice);
	}

	@Test
	void aPostAnswered504IsRetriedWithItsKeyAndStoredOnce() {
		String key = "timeout-" + UUID.randomUUID();
		String post = json("channelId", channelId, "text", "late " + key, "idempotencyKey", key);
		ApiClient impatient = new ApiClient("http://127.0.0.1:" + this.port);

		ApiClient.Answer timedOut = impatient.post("/v1/messages", alice.accessToken(), post);
		assertThat(timedOut.status()).as(timedOut.body()).isEqualTo(504);
		assertThat(timedOut.json().get("code").asString()).isEqualTo("upstream_timeout");

		ApiClient gateway = ApiClient.gateway();
		JsonNode retried = gateway.post("/v1/messages", alice.accessToken(), post).expect(201);
		JsonNode again = gateway.post("/v1/messages", alice.accessToken(), post).expect(201);
		assertThat(again.get("id").asString()).isEqualTo(retried.get("id").asString());
		assertThat(stored(gateway)).singleElement()
			.satisfies((message) -> assertThat(message.get("id").asString()).isEqualTo(retried.get("id").asString()));
	}

	private static List<JsonNode> stored(ApiClient gateway) {
		List<JsonNode> messages = new ArrayList<>();
		gateway.get("/v1/messages?channelId=" + channelId, alice.accessToken()).expect(200).get("data").forEach(messages::add);
		return messages;
	}

}
