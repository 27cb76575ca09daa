package dev.colink.gateway.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.RealmTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This gateway, with a pool of only two connections per service, in front of the running stack's realtime-gateway:
 * WebSockets do not take connections from that pool, so more sockets than the pool holds are all served, and the
 * service's short requests still get through while they stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=2")
class WebSocketUpstreamTest {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Test
	void moreSocketsThanThePoolHoldsAreAllLiveAndRequestsStillPass() throws Exception {
		String token = RealmTokens.adminAccessToken();
		List<WebSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				Hello hello = new Hello();
				sockets.add(this.http.newWebSocketBuilder()
					.header("Authorization", "Bearer " + token)
					.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/v1/realtime"), hello)
					.get(10, TimeUnit.SECONDS));

				assertThat(hello.frame.get(10, TimeUnit.SECONDS)).as("socket %d", i).startsWith("{\"type\":\"hello\"");
			}
			HttpResponse<String> ticket = this.http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/realtime/ticket"))
						.header("Authorization", "Bearer " + token)
						.POST(HttpRequest.BodyPublishers.noBody())
						.timeout(java.time.Duration.ofSeconds(10))
						.build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(ticket.statusCode()).as(ticket.body()).isIn(200, 201);
		}
		finally {
			sockets.forEach(WebSocket::abort);
		}
	}

	/** Keeps the first frame the socket receives. */
	private static final class Hello implements WebSocket.Listener {

		private final CompletableFuture<String> frame = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.frame.complete(this.partial.toString());
			}
			socket.request(1);
			return null;
		}

	}

}
