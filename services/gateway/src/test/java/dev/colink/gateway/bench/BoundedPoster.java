package dev.colink.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.colink.security.testing.ApiClient;

import static dev.colink.security.testing.ApiClient.json;

/**
 * Posts messages as a client app does, over a bounded pool of keep-alive HTTP/1.1 connections: at most
 * {@code connections} requests are in flight (so at most that many connections are open); the others wait in a queue
 * in the order they were due. A post that is not answered 201 (or not at all within the timeout) is sent again with
 * the same idempotency key, so a post that committed is never counted lost and never stored twice.
 */
final class BoundedPoster implements AutoCloseable {

	private static final int MAX_ATTEMPTS = 6;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();

	private final int connections;

	private final Queue<Runnable> waiting = new ArrayDeque<>();

	private int running;

	/** Answers other than 201, by status (0: no answer in time or a failure on the wire). */
	private final Map<Integer, AtomicLong> refusals = new ConcurrentHashMap<>();

	private final AtomicLong retried = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	/** The idempotency keys answered 201, first time or on a retry. */
	private final java.util.Set<String> created = ConcurrentHashMap.newKeySet();

	BoundedPoster(int connections) {
		this.connections = connections;
	}

	/**
	 * Posts {@code body} (which carries {@code key} as its idempotencyKey) until it is answered 201 or
	 * {@code MAX_ATTEMPTS} tries failed; {@code done} gets true when it was created.
	 * @param token the sender's current access token, read at each attempt (tokens are renewed between steps)
	 */
	void post(String key, String body, Supplier<String> token, Consumer<Boolean> done) {
		this.inFlight.incrementAndGet();
		attempt(key, body, token, done, 1);
	}

	static String dm(String recipientId, String marker) {
		return json("recipientId", recipientId, "text", marker, "idempotencyKey", marker);
	}

	static String channelPost(String channelId, String marker) {
		return json("channelId", channelId, "text", marker, "idempotencyKey", marker);
	}

	private void attempt(String key, String body, Supplier<String> token, Consumer<Boolean> done, int attempt) {
		submit(() -> this.http
			.sendAsync(HttpRequest.newBuilder(URI.create(ApiClient.GATEWAY_URL + "/v1/messages"))
				.timeout(TIMEOUT)
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + token.get())
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, error) -> {
				release();
				int status = (error == null) ? response.statusCode() : 0;
				if (status == 201) {
					this.created.add(key);
					this.inFlight.decrementAndGet();
					done.accept(true);
					return;
				}
				this.refusals.computeIfAbsent(status, (s) -> new AtomicLong()).incrementAndGet();
				if (attempt >= MAX_ATTEMPTS || status == 400 || status == 403 || status == 404) {
					this.inFlight.decrementAndGet();
					done.accept(false);
					return;
				}
				this.retried.incrementAndGet();
				long delayMillis = (error instanceof HttpTimeoutException) ? 0 : retryAfterMillis(response, attempt);
				this.retries.schedule(() -> attempt(key, body, token, done, attempt + 1), delayMillis, TimeUnit.MILLISECONDS);
			}));
	}

	private static long retryAfterMillis(HttpResponse<?> response, int attempt) {
		if (response != null) {
			var header = response.headers().firstValue("Retry-After");
			if (header.isPresent()) {
				try {
					return Math.min(5000, Long.parseLong(header.get().trim()) * 1000);
				}
				catch (NumberFormatException ex) {
					// a date: fall through to the backoff
				}
			}
		}
		return 200L * attempt;
	}

	private void submit(Runnable start) {
		synchronized (this) {
			if (this.running >= this.connections) {
				this.waiting.add(start);
				return;
			}
			this.running++;
		}
		start.run();
	}

	private void release() {
		Runnable next;
		synchronized (this) {
			next = this.waiting.poll();
			if (next == null) {
				this.running--;
			}
		}
		if (next != null) {
			next.run();
		}
	}

	/** Posts not yet answered 201 nor given up. */
	long inFlight() {
		return this.inFlight.get();
	}

	long createdCount() {
		return this.created.size();
	}

	long retried() {
		return this.retried.get();
	}

	Map<Integer, Long> refusals() {
		Map<Integer, Long> copy = new TreeMap<>();
		this.refusals.forEach((status, count) -> copy.put(status, count.get()));
		return copy;
	}

	@Override
	public void close() {
		this.retries.shutdownNow();
	}

}
