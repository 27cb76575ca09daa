package dev.colink.realtime.socket;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.TestSocket;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading, against this test's instance with a short send queue: it is closed as a slow
 * consumer (and leaves the connection registry), and another user on the same instance keeps receiving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "colink.realtime.instance-id=rt-slow", "colink.realtime.send-queue=16" })
class SlowConsumerTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aClientThatStopsReadingIsClosedAndDoesNotHoldBackOthers() throws Exception {
		SignedInUser sender = SignedInUsers.create("rt-flood");
		SignedInUser slow = SignedInUsers.create("rt-slow");
		SignedInUser other = SignedInUsers.create("rt-other");
		// Straight to messaging, not through the gateway: the flood would exceed the gateway's per-user rate limit.
		ApiClient messaging = new ApiClient(System.getenv().getOrDefault("COLINK_MESSAGING_URL", "http://127.0.0.1:8082"));
		try (StalledClient stalled = new StalledClient(this.port, slow.accessToken());
				TestSocket healthy = TestSocket.open(local(), null, other.accessToken())) {
			assertThat(healthy.next(WAIT).get("type").asString()).isEqualTo("hello");
			String connections = "ws:user:" + slow.id() + ":conns";
			assertThat(this.redis.opsForSet().size(connections)).isEqualTo(1);

			String big = "x".repeat(16_000);
			for (int i = 0; i < 3000 && this.redis.opsForSet().size(connections) > 0; i++) {
				messaging.post("/v1/messages", sender.accessToken(), json("recipientId", slow.id(), "text", big))
					.expect(201);
			}
			await().atMost(WAIT).until(() -> this.redis.opsForSet().size(connections) == 0);

			String id = messaging
				.post("/v1/messages", sender.accessToken(), json("recipientId", other.id(), "text", "still flowing"))
				.expect(201)
				.get("id")
				.asString();
			JsonNode frame = healthy.next(WAIT);
			assertThat(frame.get("data").get("messageId").asString()).isEqualTo(id);
		}
		finally {
			List.of(sender, slow, other).forEach(SignedInUsers::delete);
		}
	}

	private String local() {
		return "http://127.0.0.1:" + this.port;
	}

}
