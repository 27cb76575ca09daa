package dev.colink.gateway.ratelimit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.RealmUsers.RealmUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a working Redis the gateway keeps serving, unlimited, and stays ready: first Redis hangs (a socket that
 * accepts connections and never answers), then it is gone (connections refused).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "colink.gateway.rate-limit.per-user.replenish-rate=1",
				"colink.gateway.rate-limit.per-user.burst-capacity=2",
				"colink.gateway.rate-limit.per-ip.replenish-rate=1", "colink.gateway.rate-limit.per-ip.burst-capacity=2",
				"colink.gateway.rate-limit.redis-timeout=300ms" })
class RateLimitWithoutRedisTest {

	/** Far more than 2 tokens, each answered long before Lettuce's own timeouts (10 s connect, 60 s command). */
	private static final int BURST = 6;

	private static final Duration PROMPT = Duration.ofSeconds(3);

	private static final List<Socket> heldConnections = new CopyOnWriteArrayList<>();

	private static final ServerSocket hangingRedis = openHangingRedis();

	private static RealmUser user;

	private static String token;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void redisThatNeverAnswers(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + hangingRedis.getLocalPort());
	}

	@BeforeAll
	static void signIn() {
		user = RealmUsers.createUserWithTotp("ratelimit-noredis", Set.of());
		token = RealmUsers.tokenFor(user);
	}

	@AfterAll
	static void cleanUp() throws IOException {
		RealmUsers.delete(user);
		closeHangingRedis();
	}

	@Test
	void requestsPassUnlimitedAndTheGatewayStaysReadyWhileRedisHangsAndWhenItIsGone() throws Exception {
		assertBurstsPassPromptly();

		closeHangingRedis();
		assertBurstsPassPromptly();

		HttpResponse<String> readiness = get("/actuator/health/readiness", null);
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
	}

	private void assertBurstsPassPromptly() throws Exception {
		for (int i = 0; i < BURST; i++) {
			for (String[] call : new String[][] { { "/auth/login", null }, { "/v1/users/me", token } }) {
				long started = System.nanoTime();
				HttpResponse<String> response = get(call[0], call[1]);

				assertThat(response.statusCode()).as(call[0] + " " + response.body()).isNotIn(429, 500, 503);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as(call[0]).isLessThan(PROMPT);
			}
		}
	}

	private HttpResponse<String> get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ServerSocket openHangingRedis() {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!server.isClosed()) {
					try {
						heldConnections.add(server.accept()); // accepted, never read from nor answered
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "hanging-redis");
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void closeHangingRedis() throws IOException {
		hangingRedis.close();
		for (Socket connection : heldConnections) {
			connection.close();
		}
	}

}
