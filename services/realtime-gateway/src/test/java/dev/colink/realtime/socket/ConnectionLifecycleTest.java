package dev.colink.realtime.socket;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.RedisClientInfo;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the server ends a connection, against this test's instance with short limits: a silent client (no pings) is
 * closed as idle, a deactivated user is disconnected, and a lost live feed from Redis asks the client to resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"colink.realtime.instance-id=rt-lifecycle", "colink.realtime.idle-timeout=3s",
		"colink.realtime.deactivation-check=500ms" })
class ConnectionLifecycleTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aClientThatPingsStaysAndOneThatFallsSilentIsClosedAsIdle() {
		SignedInUser user = SignedInUsers.create("rt-idle");
		try (TestSocket socket = TestSocket.open(local(), null, user.accessToken())) {
			assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("hello");
			long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < until) {
				socket.send("{\"type\":\"ping\"}");
				assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("pong");
				await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
			}
			assertThat(socket.closeCode()).as("still open after 5 s of pings with a 3 s idle limit").isEqualTo(-1);
			await().atMost(WAIT).until(() -> socket.closeCode() != -1);
			assertThat(socket.closeCode()).isEqualTo(4000);
		}
		finally {
			SignedInUsers.delete(user);
		}
	}

	@Test
	void aDeactivatedUserIsDisconnected() {
		SignedInUser user = SignedInUsers.create("rt-deactivated");
		try (TestSocket socket = TestSocket.open(local(), null, user.accessToken())) {
			assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("hello");
			ApiClient.gateway()
				.post("/v1/admin/users/" + user.id() + "/deactivate", RealmTokens.adminAccessToken(), null)
				.expect(200);
			await().atMost(WAIT).until(() -> socket.closeCode() != -1);
			assertThat(socket.closeCode()).isEqualTo(4003);
		}
		finally {
			SignedInUsers.delete(user);
		}
	}

	@Test
	void aLostLiveFeedAsksTheClientToResumeAndTheFeedComesBack() {
		SignedInUser user = SignedInUsers.create("rt-feed");
		SignedInUser sender = SignedInUsers.create("rt-feed-sender");
		try (TestSocket first = TestSocket.open(local(), null, user.accessToken())) {
			long seq = first.next(WAIT).get("seq").asLong();

			killLiveFrameConnection();

			await().atMost(WAIT).until(() -> first.closeCode() != -1);
			assertThat(first.closeCode()).as("asked to reconnect and resume").isEqualTo(1012);
			try (TestSocket resumed = TestSocket.open(local(), "resumeFrom=" + seq, user.accessToken())) {
				assertThat(resumed.next(WAIT).get("type").asString()).isEqualTo("hello");
				ApiClient.gateway()
					.post("/v1/messages", sender.accessToken(), ApiClient.json("recipientId", user.id(), "text", "after the drop"))
					.expect(201);

				JsonNode frame = resumed.next(WAIT);
				assertThat(frame.get("type").asString()).isEqualTo("message.new");
				assertThat(frame.path("data").path("text").asString()).isEqualTo("after the drop");
			}
		}
		finally {
			SignedInUsers.delete(user);
			SignedInUsers.delete(sender);
		}
	}

	@Test
	void aConnectionEndsWhenItsTokenExpires() {
		SignedInUser user = SignedInUsers.create("rt-expiry");
		String clientId = "rt-short-lived-" + UUID.randomUUID().toString().substring(0, 8);
		String secret = UUID.randomUUID().toString();
		// A client of the realm whose access tokens live 10 s, with the API audience, like auth-proxy's.
		HttpResponse<String> created = RealmUsers.adminApi("POST", "/clients", ApiClient.json("clientId", clientId,
				"secret", secret, "publicClient", false, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
				"attributes", Map.of("access.token.lifespan", "10"), "protocolMappers",
				List.of(Map.of("name", "colink-api audience", "protocol", "openid-connect", "protocolMapper",
						"oidc-audience-mapper", "config", Map.of("included.custom.audience", "colink-api",
								"access.token.claim", "true")))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String clientPath = created.headers().firstValue("Location").orElseThrow().replaceFirst("^.*/clients/", "/clients/");
		try (TestSocket socket = TestSocket.open(local(), null,
				RealmUsers.tokenFor(user.realmUser(), clientId, secret))) {
			assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("hello");
			socket.send("{\"type\":\"ping\"}");
			assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("pong");

			// Pinging every second keeps it clear of this instance's 3 s idle limit: only the token can end it.
			await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
				if (socket.closeCode() == -1) {
					socket.send("{\"type\":\"ping\"}");
				}
				return socket.closeCode() != -1;
			});
			assertThat(socket.closeCode()).isEqualTo(4001);
		}
		finally {
			RealmUsers.adminApi("DELETE", clientPath, null);
			SignedInUsers.delete(user);
		}
	}

	/** Drops this instance's Redis pub/sub connection, as a Redis restart or a network cut would. */
	private void killLiveFrameConnection() {
		String name = LiveFrames.clientName("rt-lifecycle");
		this.redis.execute((RedisCallback<Void>) (connection) -> {
			List<RedisClientInfo> clients = connection.serverCommands().getClientList();
			RedisClientInfo live = clients.stream()
				.filter((client) -> name.equals(client.getName()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no Redis client named " + name));
			String[] address = live.getAddressPort().split(":");
			connection.serverCommands().killClient(address[0], Integer.parseInt(address[1]));
			return null;
		});
	}

	private String local() {
		return "http://127.0.0.1:" + this.port;
	}

}
