package dev.colink.gateway.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.ApiClient.Answer;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.TotpSteps;

import static dev.colink.security.testing.ApiClient.json;

/**
 * The benchmark's users, kept from one run to the next: {@code bench-u1 … bench-u<n>}, with a known password and TOTP
 * secret. They are imported into the realm once (Keycloak's partial import, 50 at a time), signed in through the
 * gateway once with password and TOTP (which also mirrors them into the {@code users} table), and from then on their
 * refresh tokens, kept in a file of the stack's state directory, give fresh access tokens through
 * {@code POST /auth/refresh}. A refresh token that no longer works (the realm's session idle timeout is 30 minutes)
 * is replaced by a new sign-in.
 */
final class BenchUsers {

	static final String PREFIX = "bench-u";

	private static final String PASSWORD = "bench-pw-colink";

	/** Base32, the same for every benchmark user. */
	private static final String TOTP_SECRET = "KRUGKIDCMVXGG2DNMFZGWIDVONSXE4ZA";

	private static final String OTP_CREDENTIAL_DATA = "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
			+ "\"algorithm\":\"HmacSHA1\",\"secretEncoding\":\"BASE32\"}";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One benchmark user: id (token subject), username and a current access token with its expiry. */
	record BenchUser(int number, String id, String username, String accessToken, long expiresAtMillis) {

		long millisLeft() {
			return this.expiresAtMillis - System.currentTimeMillis();
		}

	}

	private final Path tokenFile;

	private final int parallelism;

	private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

	private final ApiClient gateway = ApiClient.gateway();

	BenchUsers(Path tokenFile, int parallelism) {
		this.tokenFile = tokenFile;
		this.parallelism = parallelism;
		load();
	}

	static String username(int number) {
		return PREFIX + number;
	}

	/** Imports into the realm those of bench-u1 … bench-u{@code count} that are missing; answers how many were. */
	int ensureRealmUsers(int count) {
		Set<String> existing = new TreeSet<>();
		int first = 0;
		while (true) {
			String search = URLEncoder.encode(PREFIX, StandardCharsets.UTF_8);
			var page = RealmUsers.adminApi("GET",
					"/users?briefRepresentation=true&max=1000&first=" + first + "&search=" + search, null);
			if (page.statusCode() != 200) {
				throw new IllegalStateException("Keycloak user search failed: " + page.statusCode() + " " + page.body());
			}
			JsonNode users = JSON.readTree(page.body());
			users.forEach((user) -> existing.add(user.path("username").asString()));
			if (users.size() < 1000) {
				break;
			}
			first += 1000;
		}
		List<Map<String, Object>> missing = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			if (!existing.contains(username(i))) {
				missing.add(representation(username(i)));
			}
		}
		for (int from = 0; from < missing.size(); from += 50) {
			List<Map<String, Object>> batch = missing.subList(from, Math.min(missing.size(), from + 50));
			var answer = RealmUsers.adminApi("POST", "/partialImport",
					JSON.writeValueAsString(Map.of("ifResourceExists", "SKIP", "users", batch)));
			if (answer.statusCode() != 200) {
				throw new IllegalStateException("Keycloak refused the import: " + answer.statusCode() + " " + answer.body());
			}
		}
		return missing.size();
	}

	private static Map<String, Object> representation(String username) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("username", username);
		user.put("enabled", true);
		user.put("email", username + "@colink.test");
		user.put("emailVerified", true);
		user.put("firstName", "Bench");
		user.put("lastName", username);
		user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false),
				Map.of("type", "otp", "userLabel", "bench", "secretData", "{\"value\":\"" + TOTP_SECRET + "\"}",
						"credentialData", OTP_CREDENTIAL_DATA)));
		// imported users with explicit roles lose the realm's defaults, which give colink-user
		user.put("realmRoles", List.of("default-roles-" + RealmTokens.REALM));
		user.put("requiredActions", List.of());
		return user;
	}

	/**
	 * Fresh access tokens for the given user numbers: by refresh token when one is kept and still works, else by
	 * signing in with password and TOTP. Runs {@code parallelism} at a time; the refresh tokens are saved afterwards.
	 */
	List<BenchUser> signIn(List<Integer> numbers) {
		ExecutorService pool = Executors.newFixedThreadPool(this.parallelism);
		AtomicInteger refreshed = new AtomicInteger();
		AtomicInteger signedIn = new AtomicInteger();
		long started = System.nanoTime();
		try {
			List<Future<BenchUser>> futures = new ArrayList<>();
			for (int number : numbers) {
				futures.add(pool.submit(() -> {
					BenchUser user = refresh(number);
					if (user != null) {
						refreshed.incrementAndGet();
						return user;
					}
					signedIn.incrementAndGet();
					return passwordAndTotp(number);
				}));
			}
			List<BenchUser> users = new ArrayList<>();
			for (Future<BenchUser> future : futures) {
				users.add(future.get());
			}
			return users;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("sign-in failed: " + ex.getCause(), ex.getCause());
		}
		finally {
			pool.shutdownNow();
			save();
			if (numbers.size() > 1) {
				System.out.printf("%d users: %d by refresh token, %d signed in with password and TOTP, in %.1f s%n",
						numbers.size(), refreshed.get(), signedIn.get(), (System.nanoTime() - started) / 1e9);
			}
		}
	}

	/** The same users with fresh tokens again (e.g. before their access tokens expire). */
	List<BenchUser> renew(List<BenchUser> users) {
		return signIn(users.stream().map(BenchUser::number).toList());
	}

	private BenchUser refresh(int number) {
		String refreshToken = this.refreshTokens.get(username(number));
		if (refreshToken == null) {
			return null;
		}
		Answer answer = this.gateway.post("/auth/refresh", null, json("refreshToken", refreshToken));
		if (answer.status() != 200) {
			this.refreshTokens.remove(username(number));
			return null;
		}
		return user(number, answer.json());
	}

	private BenchUser passwordAndTotp(int number) {
		String username = username(number);
		JsonNode challenge = this.gateway.post("/auth/login", null, json("username", username, "password", PASSWORD))
			.expect(401);
		if (!"mfa_required".equals(challenge.path("code").asString())) {
			throw new IllegalStateException("expected an mfa_required challenge for " + username + ": " + challenge);
		}
		JsonNode signedIn = this.gateway
			.post("/auth/login/verify", null, json("challengeId", challenge.get("challengeId").asString(), "method",
					"totp", "code", TotpSteps.unusedCode(username, TOTP_SECRET)))
			.expect(200);
		return user(number, signedIn);
	}

	private BenchUser user(int number, JsonNode tokens) {
		String accessToken = tokens.get("accessToken").asString();
		this.refreshTokens.put(username(number), tokens.get("refreshToken").asString());
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
		return new BenchUser(number, claims.get("sub").asString(), username(number), accessToken,
				claims.get("exp").asLong() * 1000);
	}

	private void load() {
		if (!Files.exists(this.tokenFile)) {
			return;
		}
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(this.tokenFile)) {
			properties.load(in);
		}
		catch (IOException ex) {
			return; // a damaged file: sign in again
		}
		properties.forEach((key, value) -> this.refreshTokens.put((String) key, (String) value));
	}

	private synchronized void save() {
		Properties properties = new Properties();
		properties.putAll(this.refreshTokens);
		try {
			Files.createDirectories(this.tokenFile.getParent());
			Path next = this.tokenFile.resolveSibling(this.tokenFile.getFileName() + ".next");
			try (Writer out = Files.newBufferedWriter(next)) {
				properties.store(out, "refresh tokens of the benchmark users (PeerComparisonBenchmark)");
			}
			Files.move(next, this.tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
