package dev.colink.messaging.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.LocalStack;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's promise with the real broker: Kafka is stopped (the stack's own process, by PID), 20 DMs are posted
 * and all succeed, Kafka is started again, and every one of the 20 {@code message.created} events arrives, once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerOutageTest {

	private static SignedInUser alice;

	private static SignedInUser bob;

	@LocalServerPort
	int port;

	@BeforeAll
	static void signIn() {
		alice = SignedInUsers.create("outage-alice");
		bob = SignedInUsers.create("outage-bob");
	}

	@AfterAll
	static void removeUsers() {
		SignedInUsers.delete(alice);
		SignedInUsers.delete(bob);
	}

	@Test
	void messagesPostedWhileKafkaIsDownAllReachItOnceItIsBack() throws Exception {
		ApiClient api = new ApiClient("http://127.0.0.1:" + this.port);
		try (EventLog kafka = new EventLog("colink.messages")) {
			Set<String> posted = new HashSet<>();
			LocalStack.colink("stop", "kafka");
			try {
				for (int i = 0; i < 20; i++) {
					posted.add(api.post("/v1/messages", alice.accessToken(),
							json("recipientId", bob.id(), "text", "while the broker is down #" + i))
						.expect(201)
						.get("id")
						.asString());
				}
			}
			finally {
				LocalStack.colink("start", "kafka");
			}

			List<JsonNode> events = kafka.await((event) -> posted.contains(event.at("/data/messageId").asString()), 20,
					Duration.ofSeconds(90));
			// Nothing more arrives for them: each was published once.
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
				kafka.poll();
				return kafka.matching((event) -> posted.contains(event.at("/data/messageId").asString())).size() == 20;
			});
			List<String> ids = new ArrayList<>();
			events.forEach((event) -> ids.add(event.at("/data/messageId").asString()));
			assertThat(ids).containsExactlyInAnyOrderElementsOf(posted);
			assertThat(events).extracting((event) -> event.get("type").asString()).containsOnly("message.created");
		}
	}

}
