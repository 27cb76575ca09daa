package dev.colink.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import dev.colink.security.testing.ApiClient;

/**
 * A user's WebSocket through the gateway ({@code /v1/realtime}, bearer token on the upgrade), live once its
 * {@code hello} arrived. Each {@code message.new} frame's text (the benchmark's marker) is handed to a callback
 * with the moment the frame was complete.
 */
final class LiveSocket {

	private static final String TEXT = "\"text\":\"";

	private final WebSocket socket;

	private final CompletableFuture<Void> hello = new CompletableFuture<>();

	private volatile int closeCode = -1;

	private LiveSocket(HttpClient http, String accessToken, BiConsumer<String, Long> onText) {
		this.socket = http.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + accessToken)
			.buildAsync(URI.create(ApiClient.GATEWAY_URL.replaceFirst("^http", "ws") + "/v1/realtime"),
					new Listener(onText))
			.join();
	}

	/** Opens a socket and waits for its {@code hello}: from then on every frame published for the user reaches it. */
	static LiveSocket open(HttpClient http, String accessToken, BiConsumer<String, Long> onText) {
		LiveSocket socket = new LiveSocket(http, accessToken, onText);
		try {
			socket.hello.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			socket.close();
			throw new IllegalStateException("no hello on a socket within 30 s", ex);
		}
		return socket;
	}

	/** The protocol's keep-alive (the server closes a socket that says nothing for its idle timeout). */
	void ping() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendText("{\"type\":\"ping\"}", true).exceptionally((ex) -> null);
		}
	}

	int closeCode() {
		return this.closeCode;
	}

	void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
		}
		this.socket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		private final BiConsumer<String, Long> onText;

		Listener(BiConsumer<String, Long> onText) {
			this.onText = onText;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				long now = System.nanoTime();
				String frame = this.partial.toString();
				this.partial.setLength(0);
				if (frame.contains("\"type\":\"message.new\"")) {
					int at = frame.indexOf(TEXT);
					if (at >= 0) {
						this.onText.accept(frame.substring(at + TEXT.length(), frame.indexOf('"', at + TEXT.length())), now);
					}
				}
				else if (frame.contains("\"type\":\"hello\"")) {
					LiveSocket.this.hello.complete(null);
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			LiveSocket.this.closeCode = statusCode;
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			LiveSocket.this.closeCode = 1006;
		}

	}

}
