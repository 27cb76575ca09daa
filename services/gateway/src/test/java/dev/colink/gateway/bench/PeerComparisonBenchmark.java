package dev.colink.gateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.gateway.bench.BenchUsers.BenchUser;
import dev.colink.security.testing.ApiClient;

import static dev.colink.security.testing.ApiClient.json;

/**
 * Colink's side of the comparison with a peer chat server on the same machine (issue 16): the same three phases as
 * the peer's load client ({@code ../shared/peers/ejabberd/bench.mjs}), through the gateway exactly as a client app:
 * {@code POST /v1/messages} with an idempotency key, WebSockets on {@code /v1/realtime}. Not part of the test run
 * (tag "benchmark"); with the gateway's rate limit lifted ({@code COLINK_RATE_LIMIT_ENABLED=false ./colink restart
 * gateway}): {@code ./colink bench gateway PeerComparisonBenchmark}, or {@code ./colink compare} for both servers and
 * the table of ratios.
 * <ol>
 * <li>(a) 1:1 ramp: {@code pairs} sender → recipient pairs, every recipient with a live socket. Open loop: message k is
 * due at t0 + k/rate, round robin over the pairs; latency from the moment a post was due to the frame with its
 * marker on the recipient's socket. A step passes at p99 ≤ {@code p99-limit-ms}, nothing lost (every post answered
 * 201 and its frame arrived within the grace) and ≥ 95 % of the target rate achieved; a failing step is run once
 * more, two failures in a row end the ramp. Then the rows stored must equal the keys answered 201.</li>
 * <li>(b) fan-out: a channel of R members ({@code room-sizes}), every member with a live socket; one member posts
 * {@code fanout-msgs} messages one at a time; per message, the time until every member's socket (the sender's too)
 * has its frame.</li>
 * <li>(c) sequential: one pair, {@code seq-msgs} DMs one at a time, POST sent → frame on the recipient's socket.</li>
 * </ol>
 * CPU of every component of the stack, of this client and of the machine is read from /proc for a quiet sample
 * before (a) and for each of its steps (the budget table). Results: target/benchmarks/peer-comparison-colink.json in
 * the shape of the peer's JSON (plus the CPU data) and peer-comparison-budget.md; with {@code COLINK_BENCH_PEER_JSON}
 * naming the peer's JSON, also the comparison, peer-comparison.md.
 * <p>
 * Settings, each an environment variable {@code COLINK_BENCH_<NAME>} (or system property {@code colink.bench.<name>}):
 * only (a,b,c), pairs (10), rates (100,…,3000), step-secs (10), grace-ms (5000), warm-up-secs (30), p99-limit-ms
 * (100), room-sizes (100,1000), fanout-msgs (50), seq-msgs (200), warmup (10 messages before (b) and (c)), idle-secs
 * (30), connections (64, the HTTP pool), sign-in-parallelism (4), users (1100).
 */
@Tag("benchmark")
class PeerComparisonBenchmark {

	private static final List<String> ONLY = Arrays.asList(setting("only", "a,b,c").split(","));

	private static final int PAIRS = intSetting("pairs", 10);

	private static final int[] RATES = ints(setting("rates", "100,200,400,600,800,1000,1200,1500,2000,2500,3000"));

	private static final int STEP_SECS = intSetting("step-secs", 10);

	private static final int GRACE_MS = intSetting("grace-ms", 5000);

	private static final int WARM_UP_SECS = intSetting("warm-up-secs", 30);

	private static final int P99_LIMIT_MS = intSetting("p99-limit-ms", 100);

	private static final int[] ROOM_SIZES = ints(setting("room-sizes", "100,1000"));

	private static final int FANOUT_MSGS = intSetting("fanout-msgs", 50);

	private static final int SEQ_MSGS = intSetting("seq-msgs", 200);

	private static final int WARMUP_MSGS = intSetting("warmup", 10);

	private static final int IDLE_SECS = intSetting("idle-secs", 30);

	private static final int CONNECTIONS = intSetting("connections", 64);

	private static final int SIGN_IN_PARALLELISM = intSetting("sign-in-parallelism", 4);

	private static final int USERS = intSetting("users", 1100);

	/** Room members are bench-u1 … bench-uR; the pairs and the sequential pair come after the largest room. */
	private static final int FIRST_PAIR_USER = Math.max(1000, Arrays.stream(ROOM_SIZES).max().orElse(0)) + 1;

	private static final String DB_URL = System.getenv().getOrDefault("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

	private static final String DB_USER = System.getenv().getOrDefault("COLINK_DB_USER", "colink");

	private static final String DB_PASSWORD = System.getenv().getOrDefault("COLINK_DB_PASSWORD", "colink");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final Path OUT = Path.of("target", "benchmarks");

	/** Every marker (text and idempotency key) of this run starts with it; the stored rows are counted by it. */
	private final String run = "pc-" + UUID.randomUUID().toString().substring(0, 8);

	/** WebSockets spread over two clients (two selector threads) so that 1,000 sockets are read in time. */
	private final List<HttpClient> socketClients = List.of(
			HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
			HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

	private final List<LiveSocket> open = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();

	private CpuSampler cpu;

	private BenchUsers users;

	@Test
	void colinkAgainstPeer() throws Exception {
		Assumptions.assumeTrue(System.getenv("COLINK_BENCH_COLINK_JSON") == null,
				"COLINK_BENCH_COLINK_JSON set: only the table from saved results");
		int maxSockets = Math.max(2 * PAIRS, Arrays.stream(ROOM_SIZES).max().orElse(0));
		long openFiles = openFilesLimit();
		if (maxSockets + CONNECTIONS + 256 > openFiles) {
			throw new IllegalStateException("open-files limit " + openFiles + " too low for " + maxSockets
					+ " sockets: raise it with ulimit -n");
		}
		Path home = Path.of(System.getenv().getOrDefault("COLINK_HOME", "../../.colink"));
		this.cpu = new CpuSampler(home.resolve("run"));
		this.users = new BenchUsers(home.resolve("bench").resolve("tokens.properties"), SIGN_IN_PARALLELISM);
		int needed = Math.max(USERS, FIRST_PAIR_USER + 2 * PAIRS + 1);
		long started = System.nanoTime();
		int imported = this.users.ensureRealmUsers(needed);
		if (imported > 0) {
			System.out.printf("imported %d benchmark users into the realm in %.1f s%n", imported,
					(System.nanoTime() - started) / 1e9);
		}
		this.pinger.scheduleAtFixedRate(() -> this.open.forEach(LiveSocket::ping), 20, 20, TimeUnit.SECONDS);

		Map<String, Object> results = new LinkedHashMap<>();
		results.put("meta", meta());
		try {
			for (String phase : ONLY) {
				switch (phase.trim()) {
					case "a" -> results.put("a", phaseA());
					case "b" -> {
						List<Object> rooms = new ArrayList<>();
						for (int size : ROOM_SIZES) {
							rooms.add(phaseB(size));
						}
						results.put("b", rooms);
					}
					case "c" -> results.put("c", phaseC());
					default -> throw new IllegalArgumentException("unknown phase " + phase);
				}
			}
		}
		finally {
			this.pinger.shutdownNow();
			closeAll(this.open);
			Files.createDirectories(OUT);
			Files.writeString(OUT.resolve("peer-comparison-colink.json"), JSON.writeValueAsString(results));
		}
		if (results.containsKey("a")) {
			String budget = BudgetTable.markdown(results);
			Files.writeString(OUT.resolve("peer-comparison-budget.md"), budget);
			System.out.println();
			System.out.println(budget);
		}
		String peerJson = System.getenv("COLINK_BENCH_PEER_JSON");
		if (peerJson != null && !peerJson.isBlank()) {
			String table = PeerComparison.markdown(JSON.readTree(JSON.writeValueAsString(results)),
					JSON.readTree(Files.readString(Path.of(peerJson))));
			Files.writeString(OUT.resolve("peer-comparison.md"), table);
			System.out.println();
			System.out.println(table);
		}
		System.out.println("results: " + OUT.resolve("peer-comparison-colink.json").toAbsolutePath().normalize());
	}

	/**
	 * The table again from two saved results, without running anything: {@code COLINK_BENCH_COLINK_JSON} (this
	 * benchmark's JSON) and {@code COLINK_BENCH_PEER_JSON}; skipped unless both are set.
	 */
	@Test
	void tableFromSavedResults() throws Exception {
		String colinkJson = System.getenv("COLINK_BENCH_COLINK_JSON");
		String peerJson = System.getenv("COLINK_BENCH_PEER_JSON");
		Assumptions.assumeTrue(colinkJson != null && !colinkJson.isBlank() && peerJson != null && !peerJson.isBlank(),
				"COLINK_BENCH_COLINK_JSON and COLINK_BENCH_PEER_JSON name the two results");
		String table = PeerComparison.markdown(JSON.readTree(Files.readString(Path.of(colinkJson))),
				JSON.readTree(Files.readString(Path.of(peerJson))));
		Files.createDirectories(OUT);
		Files.writeString(OUT.resolve("peer-comparison.md"), table);
		System.out.println(table);
	}

	// ---------- (a) 1:1 ramp ----------

	/** One open-loop step: when each post was due, when its frame arrived, whether it was answered 201 in time. */
	private static final class Step {

		final String tag;

		final int total;

		final long[] due;

		final AtomicLongArray frameAt;

		final AtomicLongArray createdAt;

		Step(String tag, int total) {
			this.tag = tag;
			this.total = total;
			this.due = new long[total];
			this.frameAt = new AtomicLongArray(total);
			this.createdAt = new AtomicLongArray(total);
		}

		void frame(String text, long now) {
			if (text.startsWith(this.tag)) {
				int index = Integer.parseInt(text.substring(this.tag.length()));
				this.frameAt.compareAndSet(index, 0, now);
			}
		}

		boolean complete() {
			for (int i = 0; i < this.total; i++) {
				if (this.frameAt.get(i) == 0 || this.createdAt.get(i) == 0) {
					return false;
				}
			}
			return true;
		}

	}

	private volatile Step step;

	private Map<String, Object> phaseA() throws Exception {
		System.out.printf("== (a) 1:1 messages: %d pairs, steps %s msgs/s x %d s (warm-up %d s)%n", PAIRS,
				Arrays.toString(RATES), STEP_SECS, WARM_UP_SECS);
		List<Integer> numbers = new ArrayList<>();
		for (int i = 0; i < 2 * PAIRS; i++) {
			numbers.add(FIRST_PAIR_USER + i);
		}
		List<BenchUser> pair = this.users.signIn(numbers);
		BiConsumer<String, Long> onText = (text, now) -> {
			Step current = this.step;
			if (current != null) {
				current.frame(text, now);
			}
		};
		List<LiveSocket> sockets = connect(recipients(pair), onText);
		List<Map<String, Object>> steps = new ArrayList<>();
		Map<String, Object> result = new LinkedHashMap<>();
		try (BoundedPoster poster = new BoundedPoster(CONNECTIONS)) {
			// A quiet sample: the stack with the sockets open, nothing posted.
			CpuSampler.Snapshot idle0 = this.cpu.snapshot();
			parkFor(TimeUnit.SECONDS.toNanos(IDLE_SECS));
			Map<String, Object> idle = this.cpu.between(idle0, this.cpu.snapshot(), 0);
			System.out.printf("idle %d s: %s%n", IDLE_SECS, percentLine(idle));

			int attempt = 0;
			boolean retried = false;
			List<Object[]> plan = new ArrayList<>();
			plan.add(new Object[] { "w", RATES[0] });
			for (int i = 0; i < RATES.length; i++) {
				plan.add(new Object[] { i, RATES[i] });
			}
			for (int j = 0; j < plan.size(); j++) {
				boolean warmUp = "w".equals(plan.get(j)[0]);
				int rate = (int) plan.get(j)[1];
				int secs = warmUp ? WARM_UP_SECS : STEP_SECS;
				// Tokens live 5 minutes and a socket closes when its token expires: renew them between steps.
				if (pair.stream().mapToLong(BenchUser::millisLeft).min().orElseThrow() < TimeUnit.SECONDS
					.toMillis(secs + GRACE_MS / 1000 + 60)) {
					pair = this.users.renew(pair);
					List<LiveSocket> fresh = connect(recipients(pair), onText);
					closeAll(sockets);
					sockets = fresh;
				}
				Map<String, Object> measured = openLoopStep(poster, pair, this.run + "-a" + attempt++ + "-", rate, secs);
				if (warmUp) {
					System.out.printf("warm-up %d/s for %d s: %s received, %s%n", rate, secs, measured.get("received"),
							fmt(castMap(measured.get("latency"))));
					continue;
				}
				boolean pass = (long) measured.get("lost") == 0
						&& (double) castMap(measured.get("latency")).getOrDefault("p99", Double.MAX_VALUE) <= P99_LIMIT_MS
						&& (long) measured.get("achieved") >= 0.95 * rate;
				measured.put("pass", pass);
				measured.put("retry", retried);
				steps.add(measured);
				System.out.printf("rate %d/s (achieved %d/s): lost=%d %s retried posts=%d | cpu %s %s%n", rate,
						measured.get("achieved"), measured.get("lost"), fmt(castMap(measured.get("latency"))),
						measured.get("postsRetried"), percentLine(castMap(measured.get("cpu"))),
						pass ? "PASS" : retried ? "FAIL" : "FAIL (will retry once)");
				if (!pass && retried) {
					break;
				}
				if (!pass) {
					retried = true;
					j--;
				}
				else {
					retried = false;
				}
				parkFor(TimeUnit.SECONDS.toNanos(1));
			}
			// Posts still being retried settle before the rows are counted.
			long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
			while (poster.inFlight() > 0 && System.nanoTime() < settleDeadline) {
				parkFor(TimeUnit.MILLISECONDS.toNanos(50));
			}
			long rows = storedRows(pair);
			int lastPass = -1;
			for (Map<String, Object> s : steps) {
				if ((boolean) s.get("pass")) {
					lastPass = (int) s.get("target");
				}
			}
			result.put("pairs", PAIRS);
			result.put("stepSecs", STEP_SECS);
			result.put("warmUpSecs", WARM_UP_SECS);
			result.put("httpConnections", CONNECTIONS);
			result.put("idle", idle);
			result.put("steps", steps);
			result.put("maxSustainedRate", Math.max(lastPass, 0));
			result.put("rowsStored", rows);
			result.put("keysAnswered201", poster.createdCount());
			result.put("postsRetried", poster.retried());
			result.put("refusals", poster.refusals());
			result.put("postsUnsettled", poster.inFlight());
			System.out.printf("(a) max sustained: %d msgs/s; rows stored %d, keys answered 201 %d (%s); retries %d, "
					+ "non-201 answers %s%n", result.get("maxSustainedRate"), rows, poster.createdCount(),
					(rows == poster.createdCount()) ? "equal: nothing lost" : "NOT EQUAL", poster.retried(),
					poster.refusals());
		}
		finally {
			this.step = null;
			closeAll(sockets);
		}
		return result;
	}

	private Map<String, Object> openLoopStep(BoundedPoster poster, List<BenchUser> pair, String tag, int rate, int secs) {
		int total = rate * secs;
		Step s = new Step(tag, total);
		this.step = s;
		List<BenchUser> senders = senders(pair);
		List<BenchUser> recipients = recipients(pair);
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long retriedBefore = poster.retried();
		CpuSampler.Snapshot c0 = this.cpu.snapshot();
		long t0 = System.nanoTime();
		for (int n = 0; n < total; n++) {
			long due = t0 + n * interval;
			// Parked, not spinning: a spinning generator would take one of the two cores from the stack.
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			s.due[n] = due;
			int index = n;
			BenchUser sender = senders.get(n % senders.size());
			String marker = tag + n;
			poster.post(marker, BoundedPoster.dm(recipients.get(n % recipients.size()).id(), marker),
					sender::accessToken, (created) -> {
						if (created) {
							s.createdAt.compareAndSet(index, 0, System.nanoTime());
						}
					});
		}
		long sendEnd = System.nanoTime();
		CpuSampler.Snapshot c1 = this.cpu.snapshot();
		long deadline = sendEnd + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
		while (!s.complete() && System.nanoTime() < deadline) {
			parkFor(TimeUnit.MILLISECONDS.toNanos(10));
		}
		this.step = null;
		List<Long> latencies = new ArrayList<>();
		long received = 0;
		long lost = 0;
		for (int i = 0; i < total; i++) {
			long frame = s.frameAt.get(i);
			if (frame != 0) {
				received++;
				latencies.add(frame - s.due[i]);
			}
			if (frame == 0 || s.createdAt.get(i) == 0) {
				lost++;
			}
		}
		double sendSecs = (sendEnd - t0) / 1e9;
		Map<String, Object> measured = new LinkedHashMap<>();
		measured.put("target", rate);
		measured.put("achieved", Math.round(total / sendSecs));
		measured.put("sent", total);
		measured.put("received", received);
		measured.put("lost", lost);
		measured.put("latency", stats(latencies));
		measured.put("postsRetried", poster.retried() - retriedBefore);
		measured.put("cpu", this.cpu.between(c0, c1, total));
		return measured;
	}

	private long storedRows(List<BenchUser> pair) throws Exception {
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
				PreparedStatement count = db.prepareStatement(
						"select count(*) from messages where sender_id = any(?) and idempotency_key like ?")) {
			count.setArray(1, db.createArrayOf("uuid", senders(pair).stream().map((u) -> UUID.fromString(u.id())).toArray()));
			count.setString(2, this.run + "-a%");
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static List<BenchUser> senders(List<BenchUser> pair) {
		List<BenchUser> senders = new ArrayList<>();
		for (int i = 0; i < pair.size(); i += 2) {
			senders.add(pair.get(i));
		}
		return senders;
	}

	private static List<BenchUser> recipients(List<BenchUser> pair) {
		List<BenchUser> recipients = new ArrayList<>();
		for (int i = 1; i < pair.size(); i += 2) {
			recipients.add(pair.get(i));
		}
		return recipients;
	}

	// ---------- (b) fan-out ----------

	private Map<String, Object> phaseB(int members) throws Exception {
		System.out.printf("== (b) fan-out: a channel of %d members, every one with a live socket, %d messages%n", members,
				FANOUT_MSGS);
		List<Integer> numbers = new ArrayList<>();
		for (int i = 1; i <= members; i++) {
			numbers.add(i);
		}
		List<BenchUser> room = this.users.signIn(numbers);
		String channelId = ensureChannel(room);
		AtomicInteger got = new AtomicInteger();
		ConcurrentLinkedQueue<Long> perRecipient = new ConcurrentLinkedQueue<>();
		String[] current = new String[1];
		long[] sentAt = new long[1];
		CompletableFuture<?>[] all = new CompletableFuture<?>[] { new CompletableFuture<Long>() };
		BiConsumer<String, Long> onText = (text, now) -> {
			if (text.equals(current[0])) {
				perRecipient.add(now - sentAt[0]);
				if (got.incrementAndGet() == members) {
					@SuppressWarnings("unchecked")
					CompletableFuture<Long> done = (CompletableFuture<Long>) all[0];
					done.complete(now - sentAt[0]);
				}
			}
		};
		long connectStart = System.nanoTime();
		List<LiveSocket> sockets = connect(room, onText);
		double connectSecs = (System.nanoTime() - connectStart) / 1e9;
		System.out.printf("%d sockets live (hello) in %.1f s%n", sockets.size(), connectSecs);
		List<Long> complete = new ArrayList<>();
		int incomplete = 0;
		Map<String, Object> cpuUsed;
		try (BoundedPoster poster = new BoundedPoster(1)) {
			CpuSampler.Snapshot c0 = null;
			for (int m = -WARMUP_MSGS; m < FANOUT_MSGS; m++) {
				if (m == 0) {
					complete.clear();
					perRecipient.clear();
					incomplete = 0;
					c0 = this.cpu.snapshot();
				}
				String marker = this.run + "-b" + members + "-" + (m < 0 ? "w" + (-m) : m);
				CompletableFuture<Long> done = new CompletableFuture<>();
				got.set(0);
				all[0] = done;
				current[0] = marker;
				sentAt[0] = System.nanoTime();
				poster.post(marker, BoundedPoster.channelPost(channelId, marker), room.get(0)::accessToken, (created) -> {
					if (!created) {
						done.completeExceptionally(new IllegalStateException("post not created"));
					}
				});
				try {
					complete.add(done.get(30, TimeUnit.SECONDS));
				}
				catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
					incomplete++;
					System.out.printf("message %d: only %d/%d members' sockets had it within 30 s%n", m, got.get(), members);
				}
			}
			cpuUsed = this.cpu.between(c0, this.cpu.snapshot(), FANOUT_MSGS);
		}
		finally {
			current[0] = null;
			closeAll(sockets);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("occupants", members);
		result.put("messages", FANOUT_MSGS);
		result.put("incomplete", incomplete);
		result.put("connectSecs", Math.round(connectSecs * 10) / 10.0);
		result.put("allReceived", stats(complete));
		result.put("perRecipient", stats(new ArrayList<>(perRecipient)));
		result.put("cpu", cpuUsed);
		System.out.printf("(b) R=%d time until all received: %s%n", members, fmt(castMap(result.get("allReceived"))));
		System.out.printf("(b) R=%d per-recipient latency: %s | cpu %s%n", members,
				fmt(castMap(result.get("perRecipient"))), percentLine(cpuUsed));
		return result;
	}

	/**
	 * The public channel {@code bench-peer-<R>}, created by bench-u1 on first use, with bench-u1 … bench-uR as its
	 * members (those missing join). Kept for the next run.
	 */
	private String ensureChannel(List<BenchUser> room) throws Exception {
		String name = "bench-peer-" + room.size();
		ApiClient gateway = ApiClient.gateway();
		String channelId;
		Set<String> members = new HashSet<>();
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
			channelId = channelId(db, name);
			if (channelId == null) {
				gateway.post("/v1/channels", room.get(0).accessToken(), json("name", name, "isPrivate", false)).expect(201);
				channelId = channelId(db, name);
			}
			try (PreparedStatement query = db.prepareStatement("select user_id from channel_members where channel_id = ?")) {
				query.setObject(1, UUID.fromString(channelId));
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						members.add(rows.getString(1));
					}
				}
			}
		}
		List<BenchUser> joining = room.stream().filter((user) -> !members.contains(user.id())).toList();
		if (!joining.isEmpty()) {
			String id = channelId;
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> joins = new ArrayList<>();
				for (BenchUser user : joining) {
					joins.add(pool.submit(() -> gateway.post("/v1/channels/" + id + "/join", user.accessToken(), null).expect(200)));
				}
				for (Future<?> join : joins) {
					join.get();
				}
			}
			finally {
				pool.shutdown();
			}
			System.out.printf("channel %s: %d members joined now%n", name, joining.size());
		}
		return channelId;
	}

	private static String channelId(Connection db, String name) throws Exception {
		try (PreparedStatement query = db.prepareStatement("select id from channels where name = ?")) {
			query.setString(1, name);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}

	// ---------- (c) sequential ----------

	private Map<String, Object> phaseC() throws Exception {
		System.out.printf("== (c) sequential: %d DMs one at a time%n", SEQ_MSGS);
		int first = FIRST_PAIR_USER + 2 * PAIRS;
		List<BenchUser> pair = this.users.signIn(List.of(first, first + 1));
		String[] current = new String[1];
		long[] sentAt = new long[1];
		List<CompletableFuture<Long>> arrived = new ArrayList<>(List.of(new CompletableFuture<>()));
		BiConsumer<String, Long> onText = (text, now) -> {
			if (text.equals(current[0])) {
				arrived.get(0).complete(now - sentAt[0]);
			}
		};
		List<LiveSocket> sockets = connect(List.of(pair.get(1)), onText);
		List<Long> latencies = new ArrayList<>();
		List<Long> answered = new ArrayList<>();
		try (BoundedPoster poster = new BoundedPoster(1)) {
			for (int m = -WARMUP_MSGS; m < SEQ_MSGS; m++) {
				if (m == 0) {
					latencies.clear();
					answered.clear();
				}
				String marker = this.run + "-c-" + (m < 0 ? "w" + (-m) : m);
				CompletableFuture<Long> frame = new CompletableFuture<>();
				CompletableFuture<Long> created = new CompletableFuture<>();
				arrived.set(0, frame);
				current[0] = marker;
				long t0 = System.nanoTime();
				sentAt[0] = t0;
				poster.post(marker, BoundedPoster.dm(pair.get(1).id(), marker), pair.get(0)::accessToken,
						(ok) -> created.complete(ok ? System.nanoTime() - t0 : -1));
				latencies.add(frame.get(10, TimeUnit.SECONDS));
				answered.add(created.get(10, TimeUnit.SECONDS));
			}
		}
		finally {
			current[0] = null;
			closeAll(sockets);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("messages", SEQ_MSGS);
		result.put("latency", stats(latencies));
		result.put("postAnswered", stats(answered));
		System.out.printf("(c) POST -> frame %s; POST -> 201 %s%n", fmt(castMap(result.get("latency"))),
				fmt(castMap(result.get("postAnswered"))));
		return result;
	}

	// ---------- sockets ----------

	/** A live socket for each user, 20 opening at a time. */
	private List<LiveSocket> connect(List<BenchUser> owners, BiConsumer<String, Long> onText) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(20, owners.size()));
		try {
			List<Future<LiveSocket>> opening = new ArrayList<>();
			for (int i = 0; i < owners.size(); i++) {
				HttpClient client = this.socketClients.get(i % this.socketClients.size());
				String token = owners.get(i).accessToken();
				opening.add(pool.submit(() -> LiveSocket.open(client, token, onText)));
			}
			List<LiveSocket> sockets = new ArrayList<>();
			for (Future<LiveSocket> socket : opening) {
				sockets.add(socket.get());
			}
			this.open.addAll(sockets);
			return sockets;
		}
		finally {
			pool.shutdown();
		}
	}

	private void closeAll(List<LiveSocket> sockets) {
		sockets.forEach(LiveSocket::close);
		this.open.removeAll(sockets);
	}

	// ---------- statistics and settings ----------

	/** As the peer's client computes them: nearest rank, milliseconds rounded to 0.01. */
	static Map<String, Object> stats(List<Long> nanos) {
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("n", nanos.size());
		if (nanos.isEmpty()) {
			return stats;
		}
		double[] sorted = nanos.stream().mapToDouble((n) -> n / 1e6).sorted().toArray();
		stats.put("p50", round2(quantile(sorted, 0.50)));
		stats.put("p90", round2(quantile(sorted, 0.90)));
		stats.put("p99", round2(quantile(sorted, 0.99)));
		stats.put("max", round2(sorted[sorted.length - 1]));
		stats.put("mean", round2(Arrays.stream(sorted).average().orElse(0)));
		return stats;
	}

	private static double quantile(double[] sorted, double q) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	}

	private static double round2(double value) {
		return Math.round(value * 100) / 100.0;
	}

	private static String fmt(Map<String, Object> stats) {
		return ((int) stats.get("n") == 0) ? "n=0"
				: "p50=%sms p90=%sms p99=%sms max=%sms (n=%s)".formatted(stats.get("p50"), stats.get("p90"),
						stats.get("p99"), stats.get("max"), stats.get("n"));
	}

	private static String percentLine(Map<String, Object> cpu) {
		Map<String, Object> percent = castMap(cpu.get("percentOfOneCore"));
		return "%(100=1 core) " + percent.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<String, Object> e) -> e.getKey().equals("machine"))
				.thenComparing((e) -> -((Number) e.getValue()).doubleValue()))
			.filter((e) -> ((Number) e.getValue()).doubleValue() >= 1 || e.getKey().equals("machine"))
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(" "));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> castMap(Object value) {
		return (Map<String, Object>) value;
	}

	private static void parkFor(long nanos) {
		long end = System.nanoTime() + nanos;
		for (long left = nanos; left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	private Map<String, Object> meta() throws IOException {
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("date", DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)));
		meta.put("host", InetAddress.getLocalHost().getHostName());
		meta.put("cpus", this.cpu.cpus());
		meta.put("cpuModel", Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("?"));
		meta.put("java", System.getProperty("java.version"));
		meta.put("gateway", ApiClient.GATEWAY_URL);
		Map<String, Object> cfg = new LinkedHashMap<>();
		cfg.put("only", ONLY);
		cfg.put("pairs", PAIRS);
		cfg.put("rates", RATES);
		cfg.put("stepSecs", STEP_SECS);
		cfg.put("graceMs", GRACE_MS);
		cfg.put("warmUpSecs", WARM_UP_SECS);
		cfg.put("p99LimitMs", P99_LIMIT_MS);
		cfg.put("roomSizes", ROOM_SIZES);
		cfg.put("fanoutMsgs", FANOUT_MSGS);
		cfg.put("seqMsgs", SEQ_MSGS);
		cfg.put("warmup", WARMUP_MSGS);
		cfg.put("idleSecs", IDLE_SECS);
		cfg.put("connections", CONNECTIONS);
		meta.put("cfg", cfg);
		meta.put("run", this.run);
		return meta;
	}

	private static long openFilesLimit() throws IOException {
		return Files.readAllLines(Path.of("/proc/self/limits"))
			.stream()
			.filter((line) -> line.startsWith("Max open files"))
			.map((line) -> line.substring("Max open files".length()).trim().split("\\s+")[0])
			.map((soft) -> "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft))
			.findFirst()
			.orElse(Long.MAX_VALUE);
	}

	/** A knob: system property {@code colink.bench.<name>} or environment variable {@code COLINK_BENCH_<NAME>}. */
	private static String setting(String name, String defaultValue) {
		String env = System.getenv("COLINK_BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
		return System.getProperty("colink.bench." + name, (env != null && !env.isBlank()) ? env : defaultValue);
	}

	private static int intSetting(String name, int defaultValue) {
		return Integer.parseInt(setting(name, Integer.toString(defaultValue)).trim());
	}

	private static int[] ints(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
	}

}
