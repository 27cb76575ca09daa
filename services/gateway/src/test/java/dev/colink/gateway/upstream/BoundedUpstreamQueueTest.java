package dev.colink.gateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.ThreeUsers;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * This gateway with one connection to each service and room for one request waiting for it (for up to 5 s), in front
 * of the running stack's messaging: a burst of posts is answered 201 or 503 overloaded, and a refusal comes at once
 * rather than after the 5 s wait; a refused post was not stored, and sent again with its idempotency key it is
 * stored once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=1",
				"spring.cloud.gateway.server.webflux.httpclient.pool.acquire-timeout=5000",
				"colink.gateway.upstream.max-pending-acquires=1", "colink.gateway.rate-limit.enabled=false" })
class BoundedUpstreamQueueTest {

	private static final int BURST = 40;

	private static SignedInUser alice;

	private static String channelId;

	@LocalServerPort
	int port;

	@BeforeAll
	static void channel() {
		alice = SignedInUsers.create("bounded-alice");
		channelId = ThreeUsers.channel(alice, "bounded");
	}

	@AfterAll
	static void removeUser() {
		SignedInUsers.delete(alice);
	}

	@Test
	void aBurstBeyondThePoolIsRefusedAtOnceAndARefusedPostWasNotStored() throws Exception {
		ApiClient bounded = new ApiClient("http://127.0.0.1:" + this.port);
		ExecutorService pool = Executors.newFixedThreadPool(BURST);
		List<String> keys = new ArrayList<>();
		List<Future<Timed>> answers = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			for (int i = 0; i < BURST; i++) {
				String key = "bounded-" + UUID.randomUUID();
				keys.add(key);
				answers.add(pool.submit(() -> {
					start.await();
					long t0 = System.nanoTime();
					ApiClient.Answer answer = bounded.post("/v1/messages", alice.accessToken(), post(key));
					return new Timed(answer, Duration.ofNanos(System.nanoTime() - t0));
				}));
			}
			start.countDown();
			List<String> refused = new ArrayList<>();
			int waitedOut = 0;
			for (int i = 0; i < BURST; i++) {
				Timed timed = answers.get(i).get();
				assertThat(timed.answer.status()).as(timed.answer.body()).isIn(201, 503);
				if (timed.answer.status() == 503) {
					assertThat(timed.answer.json().get("code").asString()).isEqualTo("overloaded");
					refused.add(keys.get(i));
					if (timed.took.compareTo(Duration.ofMillis(2500)) > 0) {
						waitedOut++;
					}
				}
			}
			assertThat(refused).isNotEmpty();
			// Refused because the queue was full, at once; only the one request the queue holds may wait its 5 s.
			assertThat(waitedOut).isLessThanOrEqualTo(1);

			ApiClient gateway = ApiClient.gateway();
			for (String key : refused) {
				assertThat(textsInChannel(gateway)).doesNotContain(text(key));
				gateway.post("/v1/messages", alice.accessToken(), post(key)).expect(201);
				gateway.post("/v1/messages", alice.accessToken(), post(key)).expect(201);
			}
			List<String> texts = textsInChannel(gateway);
			assertThat(texts).hasSize(BURST);
			assertThat(texts).containsExactlyInAnyOrderElementsOf(keys.stream().map(BoundedUpstreamQueueTest::text).toList());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private record Timed(ApiClient.Answer answer, Duration took) {
	}

	private static String post(String key) {
		return json("channelId", channelId, "text", text(key), "idempotencyKey", key);
	}

	private static String text(String key) {
		return "post " + key;
	}

	private static List<String> textsInChannel(ApiClient gateway) {
		List<String> texts = new ArrayList<>();
		gateway.get("/v1/messages?channelId=" + channelId + "&limit=100", alice.accessToken())
			.expect(200)
			.get("data")
			.forEach((message) -> texts.add(message.get("text").asString()));
		return texts;
	}

}
