package dev.colink.realtime.socket;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the server ends a connection, against this test's instance with short limits: a silent client (no pings) is
 * closed as idle, and a deactivated user is disconnected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"colink.realtime.instance-id=rt-lifecycle", "colink.realtime.idle-timeout=3s",
		"colink.realtime.deactivation-check=500ms" })
class ConnectionLifecycleTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

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

	private String local() {
		return "http://127.0.0.1:" + this.port;
	}

}
