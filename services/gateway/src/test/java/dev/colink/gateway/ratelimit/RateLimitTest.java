package dev.colink.gateway.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.RealmUsers.RealmUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's rate limits with tiny buckets (3 requests, then 1 per second) in the real Redis. Each request
 * names its client address in {@code X-Forwarded-For} (its peer, 127.0.0.1, is a trusted proxy here, as a load balancer
 * would be), so that every
 * test has buckets of its own and the per-user limit can be seen apart from the per-IP one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "colink.gateway.rate-limit.per-user.replenish-rate=1",
				"colink.gateway.rate-limit.per-user.burst-capacity=3",
				"colink.gateway.rate-limit.per-ip.replenish-rate=1", "colink.gateway.rate-limit.per-ip.burst-capacity=3",
				"colink.gateway.edge.trusted-proxies=127.0.0.1" })
class RateLimitTest {

	private static final int BURST = 8;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RealmUser alice;

	private static RealmUser bob;

	private static RealmUser carol;

	private static RealmUser dave;

	private static String aliceToken;

	private static String bobToken;

	private static String carolToken;

	private static String daveToken;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@BeforeAll
	static void signInFourUsers() {
		alice = RealmUsers.createUserWithTotp("ratelimit-alice", Set.of());
		bob = RealmUsers.createUserWithTotp("ratelimit-bob", Set.of());
		carol = RealmUsers.createUserWithTotp("ratelimit-carol", Set.of());
		dave = RealmUsers.createUserWithTotp("ratelimit-dave", Set.of());
		aliceToken = RealmUsers.tokenFor(alice);
		bobToken = RealmUsers.tokenFor(bob);
		carolToken = RealmUsers.tokenFor(carol);
		daveToken = RealmUsers.tokenFor(dave);
	}

	@AfterAll
	static void removeTheUsers() {
		RealmUsers.delete(alice);
		RealmUsers.delete(bob);
		RealmUsers.delete(carol);
		RealmUsers.delete(dave);
	}

	@Test
	void aBurstOfOneUserIsRefusedWithRetryAfterWhileAnotherUserIsNot() throws Exception {
		// Every request from another address: only the per-user bucket is shared between them.
		List<HttpResponse<String>> burst = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			burst.add(get("/v1/users/me", aliceToken, randomAddress()));
		}

		HttpResponse<String> refused = assertSomeRefused(burst);
		HttpResponse<String> bobMeanwhile = get("/v1/users/me", bobToken, randomAddress());
		assertThat(bobMeanwhile.statusCode()).as(bobMeanwhile.body()).isNotEqualTo(429);

		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
		await().pollDelay(Duration.ofSeconds(retryAfter))
			.atMost(Duration.ofSeconds(retryAfter + 5))
			.until(() -> get("/v1/users/me", aliceToken, randomAddress()).statusCode() != 429);
	}

	@Test
	void aBurstFromOneAddressIsRefusedOnTheAuthRoutesWhileAnotherAddressIsNot() throws Exception {
		String address = randomAddress();
		List<HttpResponse<String>> burst = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			burst.add(get("/auth/login", null, address));
		}

		HttpResponse<String> refused = assertSomeRefused(burst);
		assertThat(get("/auth/login", null, randomAddress()).statusCode()).isNotEqualTo(429);

		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
		await().pollDelay(Duration.ofSeconds(retryAfter))
			.atMost(Duration.ofSeconds(retryAfter + 5))
			.until(() -> get("/auth/login", null, address).statusCode() != 429);
	}

	@Test
	void theUsersOfOneAddressShareItsBucket() throws Exception {
		// Two users in turn from one address, three requests each: neither user's bucket (3) runs out, the
		// address's bucket (3, then 1 per second) does, however slowly this machine answers the six requests.
		String address = randomAddress();
		List<HttpResponse<String>> burst = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			burst.add(get("/v1/users/me", (i % 2 == 0) ? carolToken : daveToken, address));
		}

		assertSomeRefused(burst);
	}

	@Test
	void aClientThatIsNoTrustedProxyCannotNameOtherAddresses() throws Exception {
		// 127.0.0.9 is not the trusted proxy (127.0.0.1): whatever it writes in X-Forwarded-For, its requests share
		// its own bucket (3, then 1 per second), so a burst of eight naming eight addresses is refused in part.
		java.net.InetAddress untrusted = java.net.InetAddress.getByName("127.0.0." + ThreadLocalRandom.current().nextInt(9, 250));
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < BURST; i++) {
			statuses.add(rawGet(untrusted, "/auth/login", randomAddress()));
		}
		assertThat(statuses.subList(0, 3)).doesNotContain(429);
		assertThat(statuses).contains(429);
	}

	/** A GET written on a socket bound to a chosen loopback address (the JDK's client cannot choose one). */
	private int rawGet(java.net.InetAddress from, String path, String forwardedFor) throws Exception {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.bind(new java.net.InetSocketAddress(from, 0));
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: "
					+ forwardedFor + "\r\nForwarded: for=" + forwardedFor + "\r\nConnection: close\r\n\r\n")
				.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			String head = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
			return Integer.parseInt(head.substring(9, 12));
		}
	}

	/** The first requests pass (the bucket's burst), later ones get the problem; the first refusal. */
	private static HttpResponse<String> assertSomeRefused(List<HttpResponse<String>> burst) throws Exception {
		assertThat(burst.subList(0, 3)).allSatisfy((response) -> assertThat(response.statusCode()).isNotEqualTo(429));
		List<HttpResponse<String>> refused = burst.stream().filter((response) -> response.statusCode() == 429).toList();
		assertThat(refused).isNotEmpty();
		for (HttpResponse<String> response : refused) {
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().allValues("X-Colink-Service")).containsExactly("gateway");
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.path("status").asInt()).isEqualTo(429);
			assertThat(problem.path("code").asString()).isEqualTo("rate_limited");
			assertThat(problem.path("title").asString()).isNotBlank();
		}
		return refused.get(0);
	}

	/** A private address, new for each call (one in 16 million). */
	private static String randomAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	private HttpResponse<String> get(String path, String token, String clientAddress) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Forwarded-For", clientAddress);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
