package dev.colink.authproxy.login;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.security.testing.Latencies;
import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.RealmUsers.RealmUser;
import dev.colink.security.testing.TotpSteps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in latency through the running stack's gateway: N enrolled users each log in once (password step, then
 * the TOTP step). Not part of the test run (tag "benchmark"); run with {@code ./colink bench auth-proxy}.
 * Prints and writes the percentiles to target/benchmarks/login.txt.
 */
@Tag("benchmark")
class LoginLatencyBenchmark {

	private static final String GATEWAY = System.getenv().getOrDefault("COLINK_GATEWAY_URL", "http://127.0.0.1:8080");

	private static final int USERS = Integer.getInteger("colink.bench.users", 50);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void loginLatency() throws Exception {
		List<RealmUser> users = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			users.add(RealmUsers.createUserWithTotp("bench-login", Set.of()));
		}
		long[] passwordStep = new long[USERS];
		long[] verifyStep = new long[USERS];
		try {
			post("/auth/login", "{\"username\":\"warm-up\",\"password\":\"nope\"}");
			for (int i = 0; i < USERS; i++) {
				RealmUser user = users.get(i);
				long t0 = System.nanoTime();
				HttpResponse<String> challenge = post("/auth/login", "{\"username\":\"%s\",\"password\":\"%s\"}"
					.formatted(user.username(), user.password()));
				long t1 = System.nanoTime();
				JsonNode body = this.json.readTree(challenge.body());
				assertThat(body.get("code").asString()).isEqualTo("mfa_required");
				String code = TotpSteps.unusedCode(user.username(), user.totpSecret());
				long t2 = System.nanoTime();
				HttpResponse<String> tokens = post("/auth/login/verify",
						"{\"challengeId\":\"%s\",\"method\":\"totp\",\"code\":\"%s\"}"
							.formatted(body.get("challengeId").asString(), code));
				long t3 = System.nanoTime();
				assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
				passwordStep[i] = t1 - t0;
				verifyStep[i] = t3 - t2;
			}
		}
		finally {
			users.forEach(RealmUsers::delete);
		}
		long[] total = new long[USERS];
		Arrays.setAll(total, (i) -> passwordStep[i] + verifyStep[i]);
		String report = "Sign-in through the gateway, %d users, %s, %d cores%n".formatted(USERS, Instant.now(),
				Runtime.getRuntime().availableProcessors()) + line("password step (POST /auth/login)", passwordStep)
				+ line("TOTP step (POST /auth/login/verify)", verifyStep) + line("whole sign-in", total);
		System.out.print(report);
		Path out = Path.of("target", "benchmarks", "login.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
	}

	private static String line(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return "%-40s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n".formatted(what, Latencies.millis(sorted, 0.50),
				Latencies.millis(sorted, 0.90), Latencies.millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
