package dev.colink.realtime.socket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.Latencies;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.awaitility.Awaitility.await;

/**
 * POST → WebSocket frame latency through the running stack's gateway, and fan-out to a large channel. Not part of
 * the test run (tag "benchmark"): {@code ./colink bench realtime-gateway DeliveryLatencyBenchmark}, with the
 * gateway's rate limits lifted ({@code COLINK_RATE_LIMIT_ENABLED=false ./colink restart gateway}): the load comes from
 * one address and one sender. Writes target/benchmarks/delivery.txt.
 * <ol>
 * <li>one at a time: a DM is posted, the clock stops when the recipient's socket has its frame; 300 times;</li>
 * <li>under load: {@code SOCKETS} sockets open (most of them idle connections of other users), DMs at
 * {@code RATE}/s for 20 s to ten recipients, each frame's latency from the moment its POST was sent;</li>
 * <li>fan-out: a channel with {@code MEMBERS} members, all recorded as recently connected (the journal writes a frame
 * for each of them), a post to it, the time until the last member's frame is published and until the online
 * members' sockets have it.</li>
 * </ol>
 */
@Tag("benchmark")
class DeliveryLatencyBenchmark {

	private static final int SOCKETS = Integer.parseInt(System.getenv().getOrDefault("COLINK_BENCH_SOCKETS", "1000"));

	private static final int RATE = Integer.parseInt(System.getenv().getOrDefault("COLINK_BENCH_RATE", "200"));

	private static final int MEMBERS = Integer.parseInt(System.getenv().getOrDefault("COLINK_BENCH_MEMBERS", "5000"));

	private static final String DB_URL = System.getenv().getOrDefault("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

	private static final String DB_USER = System.getenv().getOrDefault("COLINK_DB_USER", "colink");

	private static final String DB_PASSWORD = System.getenv().getOrDefault("COLINK_DB_PASSWORD", "colink");

	private static final String REDIS_URL = System.getenv().getOrDefault("COLINK_REDIS_URL", "redis://127.0.0.1:6379");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** When each message's POST was sent, by the text that identifies it. */
	private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

	/** How long POSTs took to be answered, one at a time. */
	private final ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();

	@Test
	void deliveryLatency() throws Exception {
		SignedInUser sender = SignedInUsers.create("bench-rt-sender");
		List<SignedInUser> recipients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			recipients.add(SignedInUsers.create("bench-rt-recipient"));
		}
		List<SignedInUser> idle = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			idle.add(SignedInUsers.create("bench-rt-idle"));
		}
		List<WebSocket> sockets = new ArrayList<>();
		StringBuilder report = new StringBuilder("Delivery through the gateway, %s, %d cores%n".formatted(Instant.now(),
				Runtime.getRuntime().availableProcessors()));
		try {
			for (SignedInUser recipient : recipients) {
				sockets.add(connect(recipient));
			}
			report.append(print(oneAtATime(sender, recipients.get(0))));
			while (sockets.size() < SOCKETS) {
				sockets.add(connect(idle.get(sockets.size() % idle.size())));
			}
			report.append(print(underLoad(sender, recipients, sockets.size())));
			report.append(print(fanOut(recipients)));
		}
		finally {
			sockets.forEach((socket) -> socket.abort());
			SignedInUsers.delete(sender);
			recipients.forEach(SignedInUsers::delete);
			idle.forEach(SignedInUsers::delete);
		}
		Path out = Path.of("target", "benchmarks", "delivery.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
	}

	private String oneAtATime(SignedInUser sender, SignedInUser recipient) throws Exception {
		for (int i = 0; i < 50; i++) {
			postAndAwait(sender, recipient, "warm-up " + i);
		}
		this.latencies.clear();
		this.answered.clear();
		for (int i = 0; i < 300; i++) {
			postAndAwait(sender, recipient, "one at a time " + i);
		}
		return "one at a time, 300 DMs: POST -> frame " + Latencies.percentiles(this.latencies) + "; POST -> 201 "
				+ Latencies.percentiles(this.answered) + "%n".formatted();
	}

	private void postAndAwait(SignedInUser sender, SignedInUser recipient, String text) {
		String marker = text + " " + UUID.randomUUID();
		int before = this.latencies.size();
		long sent = System.nanoTime();
		this.sentAt.put(marker, sent);
		post(sender, json("recipientId", recipient.id(), "text", marker));
		this.answered.add(System.nanoTime() - sent);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> this.latencies.size() > before);
	}

	private String underLoad(SignedInUser sender, List<SignedInUser> recipients, int open) throws Exception {
		this.latencies.clear();
		this.answered.clear();
		int total = RATE * 20;
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			long due = start + i * interval;
			// Parked, not spinning: a spinning generator would take one of the machine's two cores from the stack.
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			String marker = "load " + i + " " + UUID.randomUUID();
			this.sentAt.put(marker, due);
			posts.add(postAsync(sender, json("recipientId", recipients.get(i % recipients.size()).id(), "text", marker))
				.whenComplete((response, error) -> this.answered.add(System.nanoTime() - due)));
		}
		CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
		long created = posts.stream().filter((post) -> post.join().statusCode() == 201).count();
		// Every created DM must reach its recipient; a minute after the last post, what has not is reported lost.
		try {
			await().atMost(Duration.ofMinutes(1)).until(() -> this.latencies.size() >= created);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// reported below
		}
		return "%d sockets open, %d DMs/s for 20 s: %d of %d posts created (%s), %d frames received: POST -> frame %s; POST -> answer %s%n"
			.formatted(open, RATE, created, total, statuses(posts), this.latencies.size(),
					Latencies.percentiles(this.latencies), Latencies.percentiles(this.answered));
	}

	private static String statuses(List<CompletableFuture<HttpResponse<String>>> posts) {
		java.util.Map<Integer, Long> byStatus = new java.util.TreeMap<>();
		posts.forEach((post) -> byStatus.merge(post.join().statusCode(), 1L, Long::sum));
		return byStatus.toString();
	}

	private String fanOut(List<SignedInUser> online) throws Exception {
		SignedInUser owner = online.get(0);
		String channelId = ApiClient.gateway()
			.post("/v1/channels", owner.accessToken(),
					json("name", "bench-fanout-" + UUID.randomUUID().toString().substring(0, 8), "isPrivate", false))
			.expect(201)
			.get("id")
			.asString();
		online.subList(1, online.size())
			.forEach((user) -> ApiClient.gateway().post("/v1/channels/" + channelId + "/join", user.accessToken(), null).expect(200));
		List<UUID> synthetic = addSyntheticMembers(UUID.fromString(channelId), MEMBERS - online.size());
		RedisClient redis = RedisClient.create(REDIS_URL);
		try (StatefulRedisPubSubConnection<String, String> frames = redis.connectPubSub();
				var commands = redis.connect()) {
			for (UUID member : synthetic) {
				commands.async().setex("ws:user:" + member + ":active", 3600, "1");
			}
			commands.sync().ping();
			// The members were written straight to the database, not announced: wait out the cached member lists.
			await().pollDelay(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(12)).until(() -> true);
			List<Long> fanOuts = new ArrayList<>();
			List<Long> onlineLatest = new ArrayList<>();
			for (int round = 0; round < 5; round++) {
				String marker = "fan-out " + round + " " + UUID.randomUUID();
				ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
				RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
					@Override
					public void message(String pattern, String channel, String message) {
						if (message.contains(marker)) {
							published.add(System.nanoTime());
						}
					}
				};
				frames.addListener(listener);
				frames.sync().psubscribe("ws:frames:*");
				this.latencies.clear();
				long t0 = System.nanoTime();
				this.sentAt.put(marker, t0);
				post(owner, json("channelId", channelId, "text", marker));
				await().atMost(Duration.ofMinutes(1)).until(() -> published.size() >= MEMBERS && this.latencies.size() >= online.size());
				fanOuts.add(published.stream().mapToLong(Long::longValue).max().orElseThrow() - t0);
				onlineLatest.add(this.latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
				frames.sync().punsubscribe("ws:frames:*");
				frames.removeListener(listener);
			}
			return "fan-out to a %d-member channel (5 posts): last member's frame published after %s; all %d online members' sockets have it after %s%n"
				.formatted(MEMBERS, ms(fanOuts), online.size(), ms(onlineLatest));
		}
		finally {
			removeSyntheticMembers(UUID.fromString(channelId), synthetic);
			redis.shutdown();
		}
	}

	private List<UUID> addSyntheticMembers(UUID channelId, int count) throws Exception {
		List<UUID> ids = new ArrayList<>();
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
				PreparedStatement user = db.prepareStatement(
						"insert into users (id, username, display_name) values (?, ?, 'Benchmark member')");
				PreparedStatement member = db.prepareStatement(
						"insert into channel_members (channel_id, user_id, role) values (?, ?, 'member')")) {
			db.setAutoCommit(false);
			for (int i = 0; i < count; i++) {
				UUID id = UUID.randomUUID();
				ids.add(id);
				user.setObject(1, id);
				user.setString(2, "bench-member-" + id);
				user.addBatch();
				member.setObject(1, channelId);
				member.setObject(2, id);
				member.addBatch();
			}
			user.executeBatch();
			member.executeBatch();
			db.commit();
		}
		return ids;
	}

	private void removeSyntheticMembers(UUID channelId, List<UUID> ids) throws Exception {
		try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
				PreparedStatement members = db.prepareStatement("delete from channel_members where channel_id = ? and user_id = any(?)");
				PreparedStatement users = db.prepareStatement("delete from users where id = any(?)")) {
			members.setObject(1, channelId);
			members.setArray(2, db.createArrayOf("uuid", ids.toArray()));
			members.executeUpdate();
			users.setArray(1, db.createArrayOf("uuid", ids.toArray()));
			users.executeUpdate();
		}
	}

	/** A socket that is live: its {@code hello} arrived, so every frame published from now on reaches it. */
	private WebSocket connect(SignedInUser user) throws Exception {
		Frames frames = new Frames();
		WebSocket socket = this.http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + user.accessToken())
			.buildAsync(URI.create(ApiClient.GATEWAY_URL.replaceFirst("^http", "ws") + "/v1/realtime"), frames)
			.join();
		frames.hello.get(10, TimeUnit.SECONDS);
		return socket;
	}

	private void post(SignedInUser sender, String body) {
		postAsync(sender, body).join();
	}

	private CompletableFuture<HttpResponse<String>> postAsync(SignedInUser sender, String body) {
		return this.http.sendAsync(HttpRequest.newBuilder(URI.create(ApiClient.GATEWAY_URL + "/v1/messages"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + sender.accessToken())
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Stops the clock of a message when a socket receives its frame (the text carries its marker). */
	private final class Frames implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		private final CompletableFuture<Void> hello = new CompletableFuture<>();

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				long now = System.nanoTime();
				String frame = this.partial.toString();
				this.partial.setLength(0);
				if (frame.startsWith("{\"type\":\"hello\"")) {
					this.hello.complete(null);
				}
				int at = frame.indexOf("\"text\":\"");
				if (at >= 0) {
					String text = frame.substring(at + 8, frame.indexOf('"', at + 8));
					Long sent = DeliveryLatencyBenchmark.this.sentAt.get(text);
					if (sent != null) {
						DeliveryLatencyBenchmark.this.latencies.add(now - sent);
					}
				}
			}
			socket.request(1);
			return null;
		}

	}

	private static String print(String line) {
		System.out.print(line);
		System.out.flush();
		return line;
	}


	private static String ms(List<Long> nanos) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		return "median %.0f ms (max %.0f ms)".formatted(sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6);
	}

}
