package dev.colink.realtime.socket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

/**
 * The resident memory of one realtime-gateway holding {@code COLINK_BENCH_IDLE_SOCKETS} (10,000) idle sockets: it
 * opens them straight to the service (not through the gateway, which would hold as many again), each until its
 * {@code hello}, keeps them alive with the protocol's ping every 20 s, and reads the process's VmRSS from /proc before,
 * while they are open (after a settling minute) and after they closed. Run with {@code ./colink bench
 * realtime-gateway IdleSocketsBenchmark}; the result lands in target/benchmarks/idle-sockets.txt.
 */
@Tag("benchmark")
class IdleSocketsBenchmark {

	private static final int SOCKETS = Integer.parseInt(System.getenv().getOrDefault("COLINK_BENCH_IDLE_SOCKETS", "10000"));

	/** Users the sockets belong to: like devices, several per user. */
	private static final int USERS = 20;

	private static final String REALTIME_URL = System.getenv()
		.getOrDefault("COLINK_REALTIME_GATEWAY_URL", "http://127.0.0.1:8091");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void memoryOfIdleSockets() throws Exception {
		long pid = Long.parseLong(Files.readString(pidFile()).strip());
		List<SignedInUser> users = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			users.add(SignedInUsers.create("bench-idle"));
		}
		List<WebSocket> sockets = new ArrayList<>();
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		StringBuilder report = new StringBuilder("Idle sockets on one realtime-gateway, %s, %d cores%n"
			.formatted(Instant.now(), Runtime.getRuntime().availableProcessors()));
		try {
			long before = rssKib(pid);
			pinger.scheduleAtFixedRate(() -> {
				List<WebSocket> open;
				synchronized (sockets) {
					open = List.copyOf(sockets);
				}
				open.forEach((socket) -> socket.sendText("{\"type\":\"ping\"}", true));
			}, 20, 20, TimeUnit.SECONDS);
			long started = System.nanoTime();
			for (int i = 0; i < SOCKETS; i++) {
				WebSocket socket;
				try {
					socket = connect(users.get(i % USERS));
				}
				catch (Exception ex) {
					report.append("socket %d of %d could not be opened: %s; RSS then %d MiB%n".formatted(i + 1, SOCKETS,
							ex, rssOrZero(pid) / 1024));
					throw ex;
				}
				synchronized (sockets) {
					sockets.add(socket);
				}
			}
			long opening = Duration.ofNanos(System.nanoTime() - started).toSeconds();
			TimeUnit.SECONDS.sleep(60); // a benchmark, not a test: let the heap and the buffers settle
			long open = rssKib(pid);
			long closedSockets = sockets.stream().filter(WebSocket::isInputClosed).count();
			report.append("%d sockets opened in %d s (each until its hello), %d closed by the server after a minute%n"
				.formatted(SOCKETS, opening, closedSockets));
			report.append("realtime-gateway RSS: %d MiB before, %d MiB with the sockets open (%.1f KiB per socket)%n"
				.formatted(before / 1024, open / 1024, (open - before) / (double) SOCKETS));
		}
		finally {
			System.out.print(report);
			pinger.shutdownNow();
			sockets.forEach(WebSocket::abort);
			users.forEach(SignedInUsers::delete);
		}
		Path out = Path.of("target", "benchmarks", "idle-sockets.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
	}

	private WebSocket connect(SignedInUser user) throws Exception {
		CompletableFuture<Void> hello = new CompletableFuture<>();
		WebSocket socket = this.http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + user.accessToken())
			.buildAsync(URI.create(REALTIME_URL.replaceFirst("^http", "ws") + "/v1/realtime"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					if (data.toString().contains("\"hello\"")) {
						hello.complete(null);
					}
					webSocket.request(1);
					return null;
				}
			})
			.join();
		hello.get(30, TimeUnit.SECONDS);
		return socket;
	}

	private static long rssOrZero(long pid) {
		try {
			return rssKib(pid);
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static long rssKib(long pid) throws Exception {
		return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	private static Path pidFile() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve(".colink/run"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("No .colink/run above " + Path.of("").toAbsolutePath());
		}
		return dir.resolve(".colink/run/realtime-gateway.pid");
	}

}
