package dev.colink.messaging.message;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.f4b6a3.uuid.UuidCreator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.Latencies;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable channel posts per second through the running stack's gateway, beside the raw PostgreSQL rate of the same
 * transaction (message row + outbox row) on the same machine. Not part of the test run (tag "benchmark"); run with
 * {@code ./colink bench messaging ChannelPostBenchmark}, the gateway's per-IP rate limit lifted (all load comes from
 * one address): {@code COLINK_RATE_LIMIT_ENABLED=false ./colink restart gateway}. Writes
 * target/benchmarks/channel-posts.txt.
 *
 * <ol>
 * <li>raw: {@code THREADS} JDBC connections each commit insert-message + insert-outbox transactions for 10 s;</li>
 * <li>closed loop: {@code CLIENTS} clients post as fast as answers come, 30 s warm-up then 15 s measured;</li>
 * <li>open loop: posts sent at a fixed {@code RATE} per second for 20 s whatever the answers do, latency counted from
 * the moment each post was due (no coordinated omission);</li>
 * <li>then every 201 must be a row, and the outbox must drain to Kafka: nothing lost.</li>
 * </ol>
 */
@Tag("benchmark")
class ChannelPostBenchmark {

	private static final int USERS = setting("users", 8);

	private static final int THREADS = setting("threads", 16);

	private static final int CLIENTS = setting("clients", 32);

	private static final int RATE = setting("rate", 1300);

	private static final Duration WARM_UP = Duration.ofSeconds(setting("warm-up-seconds", 30));

	private static final String DB_URL = System.getenv().getOrDefault("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

	private static final String DB_USER = System.getenv().getOrDefault("COLINK_DB_USER", "colink");

	private static final String DB_PASSWORD = System.getenv().getOrDefault("COLINK_DB_PASSWORD", "colink");

	/** A knob: system property {@code colink.bench.<name>} or environment variable {@code COLINK_BENCH_<NAME>}. */
	private static int setting(String name, int defaultValue) {
		String env = System.getenv("COLINK_BENCH_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		return Integer.getInteger("colink.bench." + name, (env != null) ? Integer.parseInt(env) : defaultValue);
	}

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final AtomicLong sequence = new AtomicLong();

	/** Posts not answered 201, over all phases. */
	private final AtomicLong failed = new AtomicLong();

	@Test
	void channelPostsPerSecond() throws Exception {
		List<SignedInUser> users = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			users.add(SignedInUsers.create("bench-post"));
		}
		ApiClient gateway = ApiClient.gateway();
		String channelId = gateway
			.post("/v1/channels", users.get(0).accessToken(),
					json("name", "bench-" + UUID.randomUUID().toString().substring(0, 8), "isPrivate", false))
			.expect(201)
			.get("id")
			.asString();
		users.subList(1, USERS)
			.forEach((user) -> gateway.post("/v1/channels/" + channelId + "/join", user.accessToken(), null).expect(200));
		try {
			StringBuilder report = new StringBuilder("Channel posts, %s, %d cores%n".formatted(Instant.now(),
					Runtime.getRuntime().availableProcessors()));
			report.append(print(rawInsertRate(UUID.fromString(channelId), UUID.fromString(users.get(0).id()))));
			report.append(print(closedLoop(channelId, users)));
			report.append(print(openLoop(channelId, users)));
			report.append(print(nothingLost(channelId)));
			Path out = Path.of("target", "benchmarks", "channel-posts.txt");
			Files.createDirectories(out.getParent());
			Files.writeString(out, report);
		}
		finally {
			users.forEach(SignedInUsers::delete);
		}
	}

	private static String print(String line) {
		System.out.print(line);
		System.out.flush();
		return line;
	}

	/** The floor: the service's own transaction (message + outbox row), straight over JDBC, no HTTP, no checks. */
	private String rawInsertRate(UUID channelId, UUID senderId) throws Exception {
		AtomicLong committed = new AtomicLong();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<CompletableFuture<Void>> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			workers.add(CompletableFuture.runAsync(() -> {
				try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
						PreparedStatement message = db.prepareStatement("""
								insert into messages (id, channel_id, sender_id, text, created_at, idempotency_key)
								values (?, ?, ?, ?, ?, ?)""");
						PreparedStatement outbox = db.prepareStatement("""
								insert into outbox (event_id, source, topic, event_key, event_type, payload)
								values (?, 'benchmark-raw', 'colink.bench', ?, 'message.created', cast(? as jsonb))""")) {
					db.setAutoCommit(false);
					while (System.nanoTime() < end) {
						UUID id = UuidCreator.getTimeOrderedEpoch();
						message.setObject(1, id);
						message.setObject(2, channelId);
						message.setObject(3, senderId);
						message.setString(4, "raw insert " + id);
						message.setTimestamp(5, Timestamp.from(Instant.now()));
						message.setString(6, "raw-" + id);
						message.executeUpdate();
						outbox.setObject(1, UUID.randomUUID());
						outbox.setString(2, channelId.toString());
						outbox.setString(3, "{\"messageId\":\"" + id + "\",\"text\":\"raw insert\"}");
						outbox.executeUpdate();
						db.commit();
						committed.incrementAndGet();
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, pool));
		}
		CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();
		pool.shutdown();
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
			db.createStatement().executeUpdate("delete from outbox where source = 'benchmark-raw'");
		}
		return "raw PostgreSQL (message + outbox row per transaction, %d connections): %,.0f commits/s%n"
			.formatted(THREADS, committed.get() / 10.0);
	}

	private String closedLoop(String channelId, List<SignedInUser> users) throws Exception {
		// Warm-up: the services' JIT compilers share the two cores with everything else; the first seconds are slow.
		run(channelId, users, WARM_UP, new ConcurrentLinkedQueue<>(), new AtomicLong());
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong failures = new AtomicLong();
		long started = System.nanoTime();
		run(channelId, users, Duration.ofSeconds(15), latencies, failures);
		double seconds = (System.nanoTime() - started) / 1e9;
		return "closed loop, %d clients: %,.0f posts/s, %s, non-201: %d%n".formatted(CLIENTS, latencies.size() / seconds,
				Latencies.percentiles(latencies), failures.get());
	}

	private void run(String channelId, List<SignedInUser> users, Duration duration, ConcurrentLinkedQueue<Long> latencies,
			AtomicLong failures) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<CompletableFuture<Void>> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			SignedInUser user = users.get(c % users.size());
			clients.add(CompletableFuture.runAsync(() -> {
				while (System.nanoTime() < end) {
					long t0 = System.nanoTime();
					HttpResponse<String> response = send(post(channelId, user));
					latencies.add(System.nanoTime() - t0);
					if (response == null || response.statusCode() != 201) {
						failures.incrementAndGet();
					}
				}
			}, pool));
		}
		CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
		pool.shutdown();
	}

	private String openLoop(String channelId, List<SignedInUser> users) throws Exception {
		int total = RATE * 20;
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong failures = new AtomicLong();
		List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		for (int i = 0; i < total; i++) {
			long due = start + i * interval;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				if (wait > 200_000) {
					TimeUnit.NANOSECONDS.sleep(wait - 100_000);
				}
				else {
					Thread.onSpinWait();
				}
			}
			inFlight.add(this.http.sendAsync(post(channelId, users.get(i % users.size())), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, error) -> {
					latencies.add(System.nanoTime() - due);
					if (error != null || response.statusCode() != 201) {
						failures.incrementAndGet();
						this.failed.incrementAndGet();
					}
				})
				.exceptionally((error) -> null));
		}
		long sent = System.nanoTime();
		CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		return "open loop at %,d posts/s for 20 s (%,d posts, the last answered %.1f s after it was sent): %s, non-201: %d%n"
			.formatted(RATE, total, (System.nanoTime() - sent) / 1e9, Latencies.percentiles(latencies), failures.get());
	}

	/** Every 201 is a row, and the outbox of the messaging service drains to Kafka. */
	private String nothingLost(String channelId) throws Exception {
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
			var rows = db.createStatement()
				.executeQuery("select count(*) from messages where channel_id = '" + channelId
						+ "' and idempotency_key like 'bench-%'");
			rows.next();
			long stored = rows.getLong(1);
			long started = System.nanoTime();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
				var pending = db.createStatement().executeQuery("select count(*) from outbox where source = 'messaging'");
				pending.next();
				return pending.getLong(1) == 0;
			});
			assertThat(stored).isEqualTo(this.sequence.get() - failures());
			return "posts answered 201: %,d; rows stored: %,d; outbox drained to Kafka %.1f s after the last post%n"
				.formatted(this.sequence.get() - failures(), stored, (System.nanoTime() - started) / 1e9);
		}
	}

	private long failures() {
		return this.failed.get();
	}

	private HttpRequest post(String channelId, SignedInUser user) {
		String key = "bench-" + this.sequence.incrementAndGet() + "-" + UUID.randomUUID();
		return HttpRequest.newBuilder(URI.create(ApiClient.GATEWAY_URL + "/v1/messages"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + user.accessToken())
			.POST(HttpRequest.BodyPublishers.ofString(json("channelId", channelId, "text",
					"benchmark post " + key, "idempotencyKey", key)))
			.build();
	}

	/** The answer, or null when the request failed on the wire (counted as a failure). */
	private HttpResponse<String> send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				this.failed.incrementAndGet();
			}
			return response;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.io.IOException ex) {
			this.failed.incrementAndGet();
			return null;
		}
	}


}
