package dev.colink.security.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client as an app holds one: it connects, collects the server's frames in order, and sends frames. Every
 * frame a test takes is checked against the published contract (asyncapi/realtime.yaml, {@link ApiContract}).
 */
public final class TestSocket implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

	private final WebSocket socket;

	private volatile int closeCode = -1;

	private TestSocket(URI uri, String bearerToken) {
		// A client of its own, as on a separate device: a stalled socket must not share a client with the others.
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
		if (bearerToken != null) {
			builder.header("Authorization", "Bearer " + bearerToken);
		}
		this.socket = builder.buildAsync(uri, new Listener()).join();
	}

	/** Connects, or throws when the server refuses the handshake. */
	public static TestSocket open(String baseUrl, String query, String bearerToken) {
		String ws = baseUrl.replaceFirst("^http", "ws") + "/v1/realtime" + ((query != null) ? "?" + query : "");
		try {
			return new TestSocket(URI.create(ws), bearerToken);
		}
		catch (CompletionException ex) {
			throw new RefusedException(ex.getCause());
		}
	}

	/** The next frame, or an assertion error when none comes in time. */
	public JsonNode next(Duration timeout) {
		try {
			JsonNode frame = this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("no frame within " + timeout);
			}
			ApiContract.checkFrame(frame.toString());
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * The next frame that the test is waiting for, skipping any other (frames of earlier tests' events can still
	 * arrive late for the same user).
	 */
	public JsonNode nextMatching(Duration timeout, java.util.function.Predicate<JsonNode> wanted) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			JsonNode frame = next(Duration.ofNanos(Math.max(left, 0)));
			if (wanted.test(frame)) {
				return frame;
			}
		}
	}

	/** A frame of the given type whose {@code data} has the given value in the given field. */
	public static java.util.function.Predicate<JsonNode> frame(String type, String dataField, String value) {
		return (frame) -> type.equals(frame.path("type").asString())
				&& value.equals(frame.path("data").path(dataField).asString(null));
	}

	/** The next frame of a type other than those listed (skipping e.g. membership frames). */
	public JsonNode nextExcept(Duration timeout, String... skippedTypes) {
		while (true) {
			JsonNode frame = next(timeout);
			if (!List.of(skippedTypes).contains(frame.path("type").asString())) {
				return frame;
			}
		}
	}

	/** Frames received so far and not yet taken. */
	public List<JsonNode> drain() {
		List<JsonNode> drained = new ArrayList<>();
		this.frames.drainTo(drained);
		drained.forEach((frame) -> ApiContract.checkFrame(frame.toString()));
		return drained;
	}

	public void send(String frame) {
		this.socket.sendText(frame, true).join();
	}

	/** The close code the server sent, or -1 while open. */
	public int closeCode() {
		return this.closeCode;
	}

	/** Whether the server ended the connection without sending a single frame. */
	public boolean closedWithoutFrames() {
		return this.closeCode != -1 && this.frames.isEmpty();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
		}
		this.socket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				TestSocket.this.frames.add(JSON.readTree(this.partial.toString()));
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			TestSocket.this.closeCode = statusCode;
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			TestSocket.this.closeCode = 1006;
		}

	}

	/** The server refused the WebSocket handshake. */
	public static final class RefusedException extends RuntimeException {

		RefusedException(Throwable cause) {
			super(cause);
		}

	}

}
