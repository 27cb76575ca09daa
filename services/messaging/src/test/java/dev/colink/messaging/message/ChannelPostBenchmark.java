package dev.colink.messaging.message;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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
 * <li>then nothing lost: the rows stored are exactly the posts answered 201, and the outbox drains to Kafka.</li>
 * </ol>
 *
 * Every post is sent as a careful client would: one that is not answered 201 (a refusal, a 504, a reset, or no
 * answer within {@code REQUEST_TIMEOUT}) is sent again with the same idempotency key, after the answer's
 * {@code Retry-After} (and a growing, jittered pause), up to {@code ATTEMPTS} times. A refusal means the post was not
 * stored; a 504, a reset or a timeout leaves it unknown, and the retry answers with the stored message if there is
 * one. After the load, each post still unknown is sent again until it is answered 201 or refused. So every 201 must
 * be a row and every row a 201, first time or on a retry, and no row may be a post that was only ever refused.
 */
@Tag("benchmark")
class ChannelPostBenchmark {

	private static final int USERS = setting("users", 8);

	private static final int THREADS = setting("threads", 16);

	private static final int CLIENTS = setting("clients", 32);

	private static final int RATE = setting("rate", 1300);

	private static final Duration RAW = Duration.ofSeconds(setting("raw-seconds", 10));

	private static final Duration WARM_UP = Duration.ofSeconds(setting("warm-up-seconds", 30));

	private static final Duration CLOSED_LOOP = Duration.ofSeconds(setting("closed-loop-seconds", 15));

	private static final Duration OPEN_LOOP = Duration.ofSeconds(setting("open-loop-seconds", 20));

	/** How long a client waits for one answer before it gives up on that attempt (and retries). */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(setting("request-timeout-seconds", 10));

	/** Attempts per post, the first one included. */
	private static final int ATTEMPTS = setting("attempts", 5);

	private static final String DB_URL = System.getenv().getOrDefault("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

	private static final String DB_USER = System.getenv().getOrDefault("COLINK_DB_USER", "colink");

	private static final String DB_PASSWORD = System.getenv().getOrDefault("COLINK_DB_PASSWORD", "colink");

	/** A knob: system property {@code colink.bench.<name>} or environment variable {@code COLINK_BENCH_<NAME>}. */
	private static int setting(String name, int defaultValue) {
		String env = System.getenv("COLINK_BENCH_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		return Integer.getInteger("colink.bench." + name, (env != null) ? Integer.parseInt(env) : defaultValue);
	}

	/** Several clients: the open loop's thousands of connections are too many for one client's selector thread. */
	private final List<HttpClient> clients = java.util.stream.IntStream.range(0, 8)
		.mapToObj((i) -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())
		.toList();

	private final AtomicLong sequence = new AtomicLong();

	/** Every post of every phase, by idempotency key. */
	private final Map<String, Post> posts = new ConcurrentHashMap<>();

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
			if (!RAW.isZero()) {
				report.append(print(rawInsertRate(UUID.fromString(channelId), UUID.fromString(users.get(0).id()))));
			}
			if (!CLOSED_LOOP.isZero()) {
				report.append(print(closedLoop(channelId, users)));
			}
			if (!OPEN_LOOP.isZero()) {
				report.append(print(openLoop(channelId, users)));
			}
			report.append(print(settle(channelId)));
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
		long end = System.nanoTime() + RAW.toNanos();
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
			.formatted(THREADS, committed.get() / (double) RAW.toSeconds());
	}

	private String closedLoop(String channelId, List<SignedInUser> users) throws Exception {
		// Warm-up: the services' JIT compilers share the two cores with everything else; the first seconds are slow.
		run(channelId, users, WARM_UP, new Phase());
		Phase measured = new Phase();
		long started = System.nanoTime();
		run(channelId, users, CLOSED_LOOP, measured);
		double seconds = (System.nanoTime() - started) / 1e9;
		return "closed loop, %d clients: %,.0f posts/s, %s; %s%n".formatted(CLIENTS, measured.created.size() / seconds,
				percentiles(measured.created), measured.answers());
	}

	/** {@code CLIENTS} clients, each posting as soon as its previous post is answered 201 or given up. */
	private void run(String channelId, List<SignedInUser> users, Duration duration, Phase phase) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<CompletableFuture<Void>> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			SignedInUser user = users.get(c % users.size());
			clients.add(CompletableFuture.runAsync(() -> {
				while (System.nanoTime() < end) {
					send(post(channelId, user), System.nanoTime(), phase).join();
				}
			}, pool));
		}
		CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
		pool.shutdown();
	}

	private String openLoop(String channelId, List<SignedInUser> users) throws Exception {
		int total = (int) (RATE * OPEN_LOOP.toSeconds());
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		Phase phase = new Phase();
		List<CompletableFuture<Void>> inFlight = new ArrayList<>(total);
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
			inFlight.add(send(post(channelId, users.get(i % users.size())), due, phase));
			phase.sendLag.add(System.nanoTime() - due);
		}
		long sent = System.nanoTime();
		CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		return ("open loop at %,d posts/s for %d s (%,d posts, the last settled %.1f s after the last was due):%n"
				+ "  sent after it was due (the load generator's own lag) %s%n"
				+ "  first answer %s%n  201 (counted from when the post was due, retries included) %s%n"
				+ "  503 refusals (from sending to the answer) %s%n  %s%n")
			.formatted(RATE, OPEN_LOOP.toSeconds(), total, (System.nanoTime() - sent) / 1e9, percentiles(phase.sendLag),
					percentiles(phase.first), percentiles(phase.created), percentiles(phase.refused), phase.answers());
	}

	/**
	 * Sends the post until it is answered 201 or {@code ATTEMPTS} attempts were made, waiting out each refusal's
	 * {@code Retry-After}. Completes when the post is settled either way.
	 */
	private CompletableFuture<Void> send(Post post, long due, Phase phase) {
		return attempt(post, due, phase, 1);
	}

	private CompletableFuture<Void> attempt(Post post, long due, Phase phase, int attempt) {
		long sent = System.nanoTime();
		HttpClient http = this.clients.get(Math.floorMod(post.key.hashCode() + attempt, this.clients.size()));
		return http.sendAsync(post.request, HttpResponse.BodyHandlers.ofString())
			.handle((response, error) -> {
				long now = System.nanoTime();
				Answer answer = Answer.of(response, error);
				post.answered(answer);
				phase.count(answer, attempt);
				if (attempt == 1) {
					phase.first.add(now - due);
				}
				if (answer.status == 503) {
					phase.refused.add(now - sent);
				}
				if (answer.created()) {
					phase.created.add(now - due);
					return CompletableFuture.<Void>completedFuture(null);
				}
				if (attempt >= ATTEMPTS) {
					phase.givenUp.incrementAndGet();
					return CompletableFuture.<Void>completedFuture(null);
				}
				return CompletableFuture.runAsync(() -> {
				}, CompletableFuture.delayedExecutor(pause(answer, attempt), TimeUnit.MILLISECONDS))
					.thenCompose((ignored) -> attempt(post, due, phase, attempt + 1));
			})
			.thenCompose(Function.identity());
	}

	/**
	 * A careful client does not leave a post whose outcome it does not know: once the load is over, every post that
	 * had no 201 but one unknown outcome (a 504, a reset, no answer in time) is sent again with its key, 8 at a time,
	 * until it is answered 201 or refused. A 201 here is a post that was stored although its client had not been
	 * told so.
	 */
	private String settle(String channelId) throws Exception {
		List<Post> unknown = this.posts.values().stream().filter((post) -> !post.created() && post.uncertain()).toList();
		Set<String> stored = storedKeys(channelId);
		long storedUntold = unknown.stream().filter((post) -> stored.contains(post.key())).count();
		Phase phase = new Phase();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		for (Post post : unknown) {
			sent.add(CompletableFuture.runAsync(() -> attempt(post, System.nanoTime(), phase, 1).join(), pool));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
		pool.shutdown();
		return "settling the %,d posts whose outcome was unknown (%,d of them already stored), 8 at a time: %s%n"
			.formatted(unknown.size(), storedUntold, phase.answers());
	}

	/** The answer's Retry-After (1 s without one), at least 0.5 s doubling per attempt up to 8 s, plus up to 50 %. */
	private static long pause(Answer answer, int attempt) {
		long backoff = Math.min(8_000, 500L << Math.min(attempt - 1, 4));
		long base = Math.max(answer.retryAfterSeconds * 1000L, backoff);
		return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
	}

	/**
	 * Nothing lost, nothing denied: the rows stored are exactly the posts answered 201 (first time or on a retry), and
	 * the outbox of the messaging service drains to Kafka.
	 */
	private String nothingLost(String channelId) throws Exception {
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
			Set<String> stored = storedKeys(channelId);
			long started = System.nanoTime();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
				var pending = db.createStatement().executeQuery("select count(*) from outbox where source = 'messaging'");
				pending.next();
				return pending.getLong(1) == 0;
			});
			double drained = (System.nanoTime() - started) / 1e9;
			List<Post> created = this.posts.values().stream().filter(Post::created).toList();
			long retried = created.stream().filter((post) -> post.attempts() > 1).count();
			List<String> lost = created.stream().map(Post::key).filter((key) -> !stored.contains(key)).toList();
			List<Post> untold = this.posts.values()
				.stream()
				.filter((post) -> !post.created() && stored.contains(post.key()))
				.toList();
			List<Post> denied = untold.stream().filter((post) -> !post.uncertain()).toList();
			Map<String, Long> unsettled = new TreeMap<>();
			this.posts.values()
				.stream()
				.filter((post) -> !post.created())
				.forEach((post) -> unsettled.merge(post.last(), 1L, Long::sum));
			String summary = ("posts: %,d; answered 201: %,d (%,d of them only on a retry with the same key); "
					+ "not answered 201 after %d attempts: %,d %s; rows stored: %,d; stored but never answered 201: %,d "
					+ "(%,d of them only ever refused); outbox drained to Kafka %.1f s after the last post%n")
				.formatted(this.posts.size(), created.size(), retried, ATTEMPTS, this.posts.size() - created.size(),
						unsettled, stored.size(), untold.size(), denied.size(), drained);
			assertThat(lost).as("posts answered 201 but not stored").isEmpty();
			assertThat(denied).as("posts stored although every answer refused them").isEmpty();
			assertThat(stored).as(summary).hasSize(created.size());
			return summary;
		}
	}

	/** The idempotency keys of the benchmark's posts stored in the channel. */
	private static Set<String> storedKeys(String channelId) throws Exception {
		Set<String> stored = new HashSet<>();
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
				PreparedStatement keys = db.prepareStatement(
						"select idempotency_key from messages where channel_id = ? and idempotency_key like 'bench-%'")) {
			keys.setObject(1, UUID.fromString(channelId));
			try (ResultSet rows = keys.executeQuery()) {
				while (rows.next()) {
					stored.add(rows.getString(1));
				}
			}
		}
		return stored;
	}

	private static String percentiles(ConcurrentLinkedQueue<Long> nanos) {
		return nanos.isEmpty() ? "(none)" : "(%,d) %s".formatted(nanos.size(), Latencies.percentiles(nanos));
	}

	private Post post(String channelId, SignedInUser user) {
		String key = "bench-" + this.sequence.incrementAndGet() + "-" + UUID.randomUUID();
		HttpRequest request = HttpRequest.newBuilder(URI.create(ApiClient.GATEWAY_URL + "/v1/messages"))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + user.accessToken())
			.POST(HttpRequest.BodyPublishers.ofString(json("channelId", channelId, "text",
					"benchmark post " + key, "idempotencyKey", key)))
			.build();
		Post post = new Post(key, request);
		this.posts.put(key, post);
		return post;
	}

	/**
	 * One answer to one attempt. {@code refusal}: the request was certainly not carried out (a 503 or 429 with
	 * Retry-After, a 4xx, or a connection that was never opened); anything else but a 201 (a 504, another 5xx, a
	 * reset, no answer in time) leaves the outcome unknown.
	 */
	private record Answer(int status, String kind, boolean refusal, int retryAfterSeconds) {

		static Answer of(HttpResponse<String> response, Throwable error) {
			if (error != null) {
				Throwable cause = (error.getCause() != null) ? error.getCause() : error;
				if (cause instanceof HttpTimeoutException) {
					return new Answer(0, "no answer in time", false, 1);
				}
				if (cause instanceof ConnectException) {
					return new Answer(0, "connection refused", true, 1);
				}
				return new Answer(0, (cause instanceof IOException) ? "connection lost" : cause.toString(), false, 1);
			}
			int status = response.statusCode();
			int retryAfter = response.headers().firstValue("Retry-After").map(Integer::parseInt).orElse(1);
			String code = codeOf(response.body());
			String kind = (code != null) ? status + " " + code : String.valueOf(status);
			boolean refusal = status == 503 || status == 429 || (status >= 400 && status < 500);
			return new Answer(status, kind, refusal, retryAfter);
		}

		boolean created() {
			return this.status == 201;
		}

		private static String codeOf(String body) {
			int at = (body != null) ? body.indexOf("\"code\":\"") : -1;
			return (at < 0) ? null : body.substring(at + 8, body.indexOf('"', at + 8));
		}

	}

	/** One post (one idempotency key) and what each of its attempts was answered. */
	private static final class Post {

		private final String key;

		private final HttpRequest request;

		private final List<Answer> answers = new ArrayList<>();

		Post(String key, HttpRequest request) {
			this.key = key;
			this.request = request;
		}

		String key() {
			return this.key;
		}

		synchronized void answered(Answer answer) {
			this.answers.add(answer);
		}

		synchronized boolean created() {
			return this.answers.stream().anyMatch(Answer::created);
		}

		/** Whether one attempt may have been carried out without the client learning so. */
		synchronized boolean uncertain() {
			return this.answers.stream().anyMatch((answer) -> !answer.created() && !answer.refusal());
		}

		synchronized int attempts() {
			return this.answers.size();
		}

		synchronized String last() {
			return this.answers.isEmpty() ? "none" : this.answers.get(this.answers.size() - 1).kind();
		}

	}

	/** What one phase's posts were answered, and how fast. */
	private static final class Phase {

		/** Per post, from when it was due to its first answer, whatever that was. */
		final ConcurrentLinkedQueue<Long> first = new ConcurrentLinkedQueue<>();

		/** Per post answered 201, from when it was due to the 201 (retries included). */
		final ConcurrentLinkedQueue<Long> created = new ConcurrentLinkedQueue<>();

		/** Per post of the open loop, from when it was due to when it was handed to the HTTP client. */
		final ConcurrentLinkedQueue<Long> sendLag = new ConcurrentLinkedQueue<>();

		/** Per 503 answer, from when that attempt was sent. */
		final ConcurrentLinkedQueue<Long> refused = new ConcurrentLinkedQueue<>();

		final Map<String, AtomicLong> firstAnswers = new ConcurrentHashMap<>();

		final Map<String, AtomicLong> retryAnswers = new ConcurrentHashMap<>();

		final AtomicLong givenUp = new AtomicLong();

		void count(Answer answer, int attempt) {
			(attempt == 1 ? this.firstAnswers : this.retryAnswers).computeIfAbsent(answer.kind(), (k) -> new AtomicLong())
				.incrementAndGet();
		}

		String answers() {
			long retriedThen201 = this.retryAnswers.getOrDefault("201", new AtomicLong()).get();
			return "first answers %s; answers to retries %s; refused or unknown first, then 201 on a retry: %,d; given up after %d attempts: %,d"
				.formatted(new TreeMap<>(this.firstAnswers), new TreeMap<>(this.retryAnswers), retriedThen201, ATTEMPTS,
						this.givenUp.get());
		}

	}

}
