package dev.colink.attack;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colink.attack.OpenApiOperations.Operation;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path and header tricks on every route of api-specs/openapi, through the public port: each operation's path
 * re-spelled as matchers on the way may read it differently (an encoded letter, {@code %2F}, {@code //}, a trailing
 * {@code /}, {@code ;param}, {@code /./}, {@code /../}, letter case), with spoofed internal and forwarding headers,
 * with no token and with a signed-in user's. No spelling may get around authentication (without a token: never a
 * 2xx), none may reach an internal endpoint, none may be answered 5xx, and every refusal is a problem body with a
 * {@code code}. Also: oversize headers are refused. (That {@code X-Forwarded-For} cannot dodge the per-IP rate
 * limit is the gateway's RateLimitTest, with buckets small enough to see it.)
 */
class PathAndHeaderAttackTest {

	/** Each trick rewrites a concrete path (no query). */
	static final Map<String, UnaryOperator<String>> TRICKS = new LinkedHashMap<>();

	static {
		TRICKS.put("as is", (path) -> path);
		TRICKS.put("encoded letter", (path) -> {
			int at = path.indexOf('/', 1) + 1; // the first letter of the second segment
			return (at <= 0 || at >= path.length()) ? path
					: path.substring(0, at) + String.format("%%%02X", (int) path.charAt(at)) + path.substring(at + 1);
		});
		TRICKS.put("%2F", (path) -> path.replaceFirst("^/(v1|auth)/", "/$1%2F"));
		TRICKS.put("double slash", (path) -> path.replaceFirst("^/(v1|auth)/", "/$1//"));
		TRICKS.put("leading double slash", (path) -> "/" + path);
		TRICKS.put("trailing slash", (path) -> path + "/");
		TRICKS.put(";param", (path) -> path.replaceFirst("^/(v1|auth)/", "/$1;x=1/"));
		TRICKS.put("/./", (path) -> path.replaceFirst("^/(v1|auth)/", "/$1/./"));
		TRICKS.put("/../", (path) -> path.replaceFirst("^/(v1|auth)/", "/$1/x/../"));
		TRICKS.put("encoded /../", (path) -> path.replaceFirst("^/(v1|auth)/", "/$1/x/%2e%2e/"));
		TRICKS.put("upper case", (path) -> path.toUpperCase(Locale.ROOT));
	}

	/** Paths that no client may reach through the public port, however spelled. */
	static final List<String> INTERNAL = List.of("/internal/messages", "/v1/../internal/messages",
			"/v1/%2e%2e/internal/messages", "/v1/files/%2e%2e/%2e%2e/internal/messages", "/scan", "/v1/%2e%2e/scan",
			"/files/" + UUID.randomUUID() + "/scan-result", "/v1/files/" + UUID.randomUUID() + "/scan-result",
			"/v1/files/%2e%2e/%2e%2e/files/" + UUID.randomUUID() + "/scan-result", "/actuator/env", "/actuator/metrics",
			"/actuator/prometheus", "/actuator/heapdump", "/actuator/health/db");

	private static final Map<String, String> SPOOFED = Map.of("X-Colink-Caller",
			"00000000-0000-0000-0000-000000000001|4102444800", "X-Colink-Signature", "t=1,v1=00", "X-Colink-Service",
			"admin", "X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1", "X-Real-IP", "127.0.0.1",
			"X-Forwarded-Prefix", "/internal");

	private static SignedInUser user;

	@BeforeAll
	static void signIn() {
		user = SignedInUsers.create("attack-paths");
	}

	@AfterAll
	static void cleanUp() {
		SignedInUsers.delete(user);
	}

	@Test
	void noSpellingOfAnyRouteGetsAroundAuthenticationOrIsAnswered5xx() throws Exception {
		List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger sent = new AtomicInteger();
		List<InetAddress> sources = RawHttp.loopback(6);
		List<Callable> work = new ArrayList<>();
		for (Operation operation : OpenApiOperations.all()) {
			String path = operation.path((name) -> UUID.randomUUID().toString());
			for (Map.Entry<String, UnaryOperator<String>> trick : TRICKS.entrySet()) {
				String target = trick.getValue().apply(path);
				for (String token : new String[] { null, user.accessToken() }) {
					work.add(() -> {
						RawHttp http = RawHttp.gateway().from(sources.get(Math.floorMod(target.hashCode(), sources.size())));
						Map<String, String> headers = new LinkedHashMap<>(SPOOFED);
						if (token != null) {
							headers.put("Authorization", "Bearer " + token);
						}
						byte[] body = operation.requestBodySchema() != null ? "{}".getBytes(StandardCharsets.UTF_8) : null;
						if (body != null) {
							headers.put("Content-Type", "application/json");
						}
						RawHttp.Response answer = http.exchange(http.request(operation.method(), target, headers, body));
						sent.incrementAndGet();
						String what = operation + " as " + trick.getKey() + " " + target + (token == null ? " without a token" : "")
								+ " -> " + answer;
						if (answer.status() >= 500) {
							wrong.add("5xx: " + what);
						}
						else if (token == null && operation.requiresAuth() && answer.status() < 400) {
							wrong.add("no token, yet " + what);
						}
						else if (answer.status() >= 400 && !isProblemWithCode(answer)) {
							wrong.add("no problem body: " + what);
						}
					});
				}
			}
		}
		for (String internal : INTERNAL) {
			for (String token : new String[] { null, user.accessToken() }) {
				for (String method : List.of("GET", "POST")) {
					work.add(() -> {
						RawHttp http = RawHttp.gateway().from(sources.get(0));
						Map<String, String> headers = new LinkedHashMap<>(SPOOFED);
						if (token != null) {
							headers.put("Authorization", "Bearer " + token);
						}
						RawHttp.Response answer = http.exchange(http.request(method, internal, headers,
								method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null));
						sent.incrementAndGet();
						// The actuator answers a name it does not know with an empty 404 of its own: nothing leaks.
						boolean bareActuator404 = internal.startsWith("/actuator/") && answer.status() == 404
								&& answer.body().length == 0;
						if (answer.status() < 400 || answer.status() >= 500 || !(isProblemWithCode(answer) || bareActuator404)) {
							wrong.add("internal " + method + " " + internal + (token == null ? " without a token" : "") + " -> " + answer);
						}
					});
				}
			}
		}
		run(work);
		System.out.printf("Path and header attack: %d operations x %d spellings x 2 callers + %d internal paths, %d requests, %d wrong%n",
				OpenApiOperations.all().size(), TRICKS.size(), INTERNAL.size(), sent.get(), wrong.size());
		AttackTally.record("path and header tricks", new AttackTally.Attack(OpenApiOperations.all().size(),
				TRICKS.size() * 2 + INTERNAL.size() * 4, sent.get(), 0,
				wrong.stream().filter((line) -> line.startsWith("5xx")).count(),
				wrong.stream().filter((line) -> line.startsWith("no token") || line.startsWith("internal")).count()));
		assertThat(wrong).as("answers that got around a check, 5xx or bare refusals").isEmpty();
	}

	@Test
	void oversizeHeadersAreRefused() {
		RawHttp http = RawHttp.gateway();
		RawHttp.Response answer = http.send(http.request("GET", "/v1/channels",
				Map.of("Authorization", "Bearer " + user.accessToken(), "X-Padding", "x".repeat(64 * 1024)), null));
		assertThat(answer.status()).as(answer.toString()).isIn(400, 413, 431);
	}

	private static boolean isProblemWithCode(RawHttp.Response answer) {
		if (!answer.mediaType().equals("application/problem+json")) {
			return false;
		}
		String body = answer.bodyText();
		return body.contains("\"code\":\"") && body.contains("\"status\":" + answer.status());
	}

	interface Callable {

		void call() throws Exception;

	}

	private static void run(List<Callable> work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (Callable task : work) {
				done.add(pool.submit(() -> {
					task.call();
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
