package dev.colink.authproxy.login;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.colink.authproxy.login.Challenge.Step;
import dev.colink.authproxy.login.KeycloakTestUsers.TestUser;
import dev.colink.events.EventType;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.Totp;
import dev.colink.security.testing.TotpSteps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 1 over HTTP against the real Keycloak, Postgres and Kafka of the stack, with real TOTP codes: the
 * bootstrap administrator, a new user's enrollment, every refusal, refresh and logout. Codes come from
 * {@link TotpSteps}, so a user signing in twice waits for the next 30-second step rather than reusing a code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginFlowTest {

	private static final String ADMIN_PASSWORD = env("COLINK_ADMIN_PASSWORD", "colink-admin-pw");

	private static final String ADMIN_TOTP_SECRET = env("COLINK_ADMIN_TOTP_SECRET", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

	private static final KeycloakTestUsers users = new KeycloakTestUsers();

	private static final List<Long> passwordStepMillis = Collections.synchronizedList(new ArrayList<>());

	private static final List<Long> verifyStepMillis = Collections.synchronizedList(new ArrayList<>());

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ChallengeSeal seal;

	@AfterAll
	static void deleteUsersAndReportTimings() {
		users.close();
		System.out.println("Sign-in timings (ms) password step " + passwordStepMillis + ", verify step " + verifyStepMillis);
	}

	@Test
	void theAdministratorSignsInWithPasswordAndTotp() {
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Reply challenge = login(RealmTokens.ADMIN_USERNAME, ADMIN_PASSWORD);

		assertThat(challenge.status()).isEqualTo(401);
		assertThat(challenge.contentType()).startsWith("application/problem+json");
		assertThat(challenge.text("type")).isEqualTo("about:blank");
		assertThat(challenge.text("code")).isEqualTo("mfa_required");
		assertThat(challenge.body().get("methods").toString()).isEqualTo("[\"totp\"]");
		assertThat(challenge.body().get("expiresIn").asLong()).isBetween(240L, 300L);
		assertThat(challenge.body().has("totp")).isFalse();

		Reply signedIn = verify(challenge.text("challengeId"),
				TotpSteps.unusedCode(RealmTokens.ADMIN_USERNAME, ADMIN_TOTP_SECRET));

		assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
		assertThat(signedIn.header("Cache-Control")).contains("no-store");
		assertThat(signedIn.text("accessToken")).isNotBlank();
		assertThat(signedIn.text("refreshToken")).isNotBlank();
		assertThat(signedIn.text("tokenType")).isEqualTo("Bearer");
		assertThat(signedIn.body().get("expiresIn").asLong()).isPositive();
		JsonNode user = signedIn.body().get("user");
		String adminId = user.get("id").asString();
		assertThat(user.get("username").asString()).isEqualTo(RealmTokens.ADMIN_USERNAME);
		assertThat(user.get("displayName").asString()).isEqualTo("Colink Administrator");
		assertThat(user.get("roles").toString()).contains("\"colink-admin\"", "\"colink-user\"");

		assertThat(this.jdbc.sql("select username from users where id = ?").param(UUID.fromString(adminId))
			.query(String.class).single()).isEqualTo(RealmTokens.ADMIN_USERNAME);
		Instant lastLogin = this.jdbc.sql("select last_login from sessions where user_id = ?")
			.param(UUID.fromString(adminId)).query(Timestamp.class).single().toInstant();
		assertThat(lastLogin).isAfterOrEqualTo(start);

		JsonNode event = awaitLoginEvent(adminId, start);
		assertThat(event.get("actorId").asString()).isEqualTo(adminId);
		assertThat(event.get("data").get("username").asString()).isEqualTo(RealmTokens.ADMIN_USERNAME);
	}

	@Test
	void aNewUserEnrollsWithTheSecretItIsGivenThenSignsInWithTheNextCode() {
		TestUser user = users.create("enroll");
		Reply challenge = login(user.username(), user.password());

		assertThat(challenge.status()).isEqualTo(401);
		assertThat(challenge.text("code")).isEqualTo("mfa_enrollment_required");
		assertThat(challenge.body().get("methods").toString()).isEqualTo("[\"totp\"]");
		String secret = challenge.body().get("totp").get("secret").asString();
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat(challenge.body().get("totp").get("otpauthUri").asString()).isEqualTo("otpauth://totp/Colink:"
				+ user.username() + "?secret=" + secret + "&issuer=Colink&algorithm=SHA1&digits=6&period=30");

		Reply enrolled = verify(challenge.text("challengeId"), TotpSteps.unusedCode(user.username(), secret));

		assertThat(enrolled.status()).as(enrolled.raw()).isEqualTo(200);
		assertThat(enrolled.body().get("user").get("id").asString()).isEqualTo(user.id());
		assertThat(enrolled.body().get("user").get("displayName").asString()).isEqualTo("Test enroll");
		assertThat(enrolled.body().get("user").get("email").asString()).isEqualTo(user.username() + "@colink.test");
		assertThat(enrolled.body().get("user").get("roles").toString()).isEqualTo("[\"colink-user\"]");
		// a used challenge is gone with Keycloak's authentication session
		assertThat(verify(challenge.text("challengeId"), "123456").text("code")).isEqualTo("challenge_expired");

		Reply again = login(user.username(), user.password());
		assertThat(again.text("code")).isEqualTo("mfa_required");
		Reply signedIn = verify(again.text("challengeId"), TotpSteps.unusedCode(user.username(), secret));

		assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
		assertThat(this.jdbc.sql("select login_count from sessions where user_id = ?").param(UUID.fromString(user.id()))
			.query(Long.class).single()).isEqualTo(2);
		assertThat(this.jdbc.sql("select display_name from users where id = ?").param(UUID.fromString(user.id()))
			.query(String.class).single()).isEqualTo("Test enroll");
	}

	@Test
	void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
		TestUser user = users.create("wrongpw");

		Reply wrongPassword = login(user.username(), "not-" + user.password());
		Reply unknownUser = login("nobody-" + user.username(), user.password());

		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(wrongPassword.text("code")).isEqualTo("invalid_credentials");
		assertThat(wrongPassword.text("type")).isEqualTo("about:blank");
		assertThat(unknownUser.status()).isEqualTo(401);
		assertThat(unknownUser.raw()).isEqualTo(wrongPassword.raw());
	}

	@Test
	void aWrongCodeLeavesTheOtpChallengeUsable() {
		Enrolled user = enrolledUser("wrongotp");
		Reply challenge = login(user.username(), user.password());
		assertThat(challenge.text("code")).isEqualTo("mfa_required");

		Reply wrong = verify(challenge.text("challengeId"), wrongCode(user.secret()));

		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.text("code")).isEqualTo("invalid_code");
		assertThat(wrong.text("challengeId")).isNotBlank().isNotEqualTo(challenge.text("challengeId"));
		// the challenge answered first, not only the renewed one, still works
		Reply signedIn = verify(challenge.text("challengeId"), TotpSteps.unusedCode(user.username(), user.secret()));
		assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
	}

	@Test
	void aWrongCodeLeavesTheEnrollmentChallengeUsable() {
		TestUser user = users.create("wrongenroll");
		Reply challenge = login(user.username(), user.password());
		String secret = challenge.body().get("totp").get("secret").asString();

		Reply wrong = verify(challenge.text("challengeId"), wrongCode(secret));

		assertThat(wrong.text("code")).isEqualTo("invalid_code");
		Reply enrolled = verify(wrong.text("challengeId"), TotpSteps.unusedCode(user.username(), secret));
		assertThat(enrolled.status()).as(enrolled.raw()).isEqualTo(200);
	}

	@Test
	void repeatedWrongCodesLockTheAccountAndTheClientIsToldSo() {
		Enrolled user = enrolledUser("locked");
		Reply challenge = login(user.username(), user.password());

		// the realm locks a user whose two failures come less than a second apart
		Reply first = verify(challenge.text("challengeId"), wrongCode(user.secret()));
		Reply second = verify(first.text("challengeId"), wrongCode(user.secret()));

		assertThat(first.text("code")).isEqualTo("invalid_code");
		assertThat(second.status()).as(second.raw()).isEqualTo(423);
		assertThat(second.text("code")).isEqualTo("account_locked");
		assertThat(Long.parseLong(second.header("Retry-After"))).isBetween(1L, 60L);
	}

	@Test
	void aDisabledAccountIsToldSoOnlyWithTheRightPassword() {
		TestUser user = users.create("disabled");
		users.disable(user);

		Reply rightPassword = login(user.username(), user.password());
		assertThat(rightPassword.status()).isEqualTo(403);
		assertThat(rightPassword.text("code")).isEqualTo("account_disabled");

		await().pollDelay(Duration.ofMillis(1100)).until(() -> true); // two quick failures would lock the user
		assertThat(login(user.username(), "not-" + user.password()).text("code")).isEqualTo("invalid_credentials");
	}

	@Test
	void aTamperedUnknownOrExpiredChallengeIsRefused() {
		TestUser user = users.create("tamper");
		String challengeId = login(user.username(), user.password()).text("challengeId");
		char last = challengeId.charAt(challengeId.length() - 5);
		String tampered = challengeId.substring(0, challengeId.length() - 5) + (last == 'A' ? 'B' : 'A')
				+ challengeId.substring(challengeId.length() - 4);
		String expired = this.seal.seal(new Challenge(user.username(), Step.ENROLL, "/realms/colink/x", Map.of(), "v",
				"s", null, "secret", Instant.now().minusSeconds(1).getEpochSecond()));

		for (String refused : List.of(tampered, expired, "bm90LWEtY2hhbGxlbmdl")) {
			Reply reply = verify(refused, "123456");
			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.text("code")).isEqualTo("challenge_expired");
		}
	}

	@Test
	void refreshGivesANewPairAndAfterLogoutTheRefreshTokenIsRefused() {
		Enrolled user = enrolledUser("refresh");

		Reply refreshed = post("/auth/refresh", Map.of("refreshToken", user.refreshToken()));
		assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
		assertThat(refreshed.text("accessToken")).isNotBlank();
		assertThat(refreshed.text("tokenType")).isEqualTo("Bearer");
		String refreshToken = refreshed.text("refreshToken");

		assertThat(post("/auth/logout", Map.of("refreshToken", refreshToken)).status()).isEqualTo(204);

		Reply afterLogout = post("/auth/refresh", Map.of("refreshToken", refreshToken));
		assertThat(afterLogout.status()).isEqualTo(401);
		assertThat(afterLogout.text("code")).isEqualTo("invalid_refresh_token");
		assertThat(post("/auth/refresh", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(401);
		assertThat(post("/auth/refresh", Map.of("refreshToken", "garbage")).text("code"))
			.isEqualTo("invalid_refresh_token");
		assertThat(post("/auth/logout", Map.of("refreshToken", refreshToken)).status()).isEqualTo(204);
	}

	@Test
	void badRequestsAreRefusedNamingTheField() {
		assertBadRequest(post("/auth/login", Map.of("password", "x")), "username");
		assertBadRequest(post("/auth/login", Map.of("username", "x", "password", "")), "password");
		assertBadRequest(postRaw("/auth/login", "{\"username\": {\"a\": 1}, \"password\": \"x\"}"), "username");
		assertBadRequest(post("/auth/login/verify", Map.of("challengeId", "c", "method", "sms", "code", "123456")),
				"method");
		assertBadRequest(post("/auth/login/verify", Map.of("challengeId", "c", "method", "totp", "code", "12")), "code");
		assertBadRequest(post("/auth/login/verify", Map.of("method", "totp", "code", "123456")), "challengeId");
		assertBadRequest(post("/auth/refresh", Map.of()), "refreshToken");
		assertBadRequest(post("/auth/logout", Map.of()), "refreshToken");

		Reply malformed = postRaw("/auth/login", "{\"username\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.text("code")).isEqualTo("invalid_request");
		Reply empty = postRaw("/auth/login", "");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.text("detail")).contains("missing");
	}

	private void assertBadRequest(Reply reply, String field) {
		assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.text("type")).isEqualTo("about:blank");
		assertThat(reply.text("code")).isEqualTo("invalid_request");
		assertThat(reply.text("field")).isEqualTo(field);
		assertThat(reply.text("detail")).startsWith(field + ": ");
	}

	/** A fresh user enrolled through the proxy, with the tokens of that first sign-in. */
	private Enrolled enrolledUser(String prefix) {
		TestUser user = users.create(prefix);
		Reply challenge = login(user.username(), user.password());
		assertThat(challenge.text("code")).as(challenge.raw()).isEqualTo("mfa_enrollment_required");
		String secret = challenge.body().get("totp").get("secret").asString();
		Reply signedIn = verify(challenge.text("challengeId"), TotpSteps.unusedCode(user.username(), secret));
		assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
		return new Enrolled(user.username(), user.password(), secret, signedIn.text("refreshToken"));
	}

	private record Enrolled(String username, String password, String secret, String refreshToken) {
	}

	/** A code that is wrong now and in the neighbouring steps Keycloak also accepts. */
	private static String wrongCode(String secret) {
		long step = Totp.currentStep();
		List<String> valid = List.of(Totp.code(secret, step - 1), Totp.code(secret, step), Totp.code(secret, step + 1),
				Totp.code(secret, step + 2));
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			if (!valid.contains(code)) {
				return code;
			}
		}
	}

	private Reply login(String username, String password) {
		long start = System.nanoTime();
		Reply reply = post("/auth/login", Map.of("username", username, "password", password));
		passwordStepMillis.add((System.nanoTime() - start) / 1_000_000);
		return reply;
	}

	private Reply verify(String challengeId, String code) {
		long start = System.nanoTime();
		Reply reply = post("/auth/login/verify", Map.of("challengeId", challengeId, "method", "totp", "code", code));
		verifyStepMillis.add((System.nanoTime() - start) / 1_000_000);
		return reply;
	}

	private Reply post(String path, Map<String, String> body) {
		return postRaw(path, this.json.writeValueAsString(body));
	}

	private Reply postRaw(String path, String body) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode json = response.body().isEmpty() ? this.json.createObjectNode() : this.json.readTree(response.body());
			return new Reply(response.statusCode(), response, json);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Reply(int status, HttpResponse<String> response, JsonNode body) {

		String text(String field) {
			JsonNode value = this.body.get(field);
			return (value != null) ? value.asString() : null;
		}

		String raw() {
			return this.response.body();
		}

		String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		String contentType() {
			return header("Content-Type");
		}

	}

	/** The {@code user.logged_in} envelope the outbox relay published for this user at or after {@code since}. */
	private JsonNode awaitLoginEvent(String userId, Instant since) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				env("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092"), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		String topic = EventType.USER_LOGGED_IN.topic();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			AtomicReference<List<TopicPartition>> partitions = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				partitions.set(consumer.partitionsFor(topic).stream()
					.map((info) -> new TopicPartition(topic, info.partition()))
					.toList());
				return !partitions.get().isEmpty();
			});
			consumer.assign(partitions.get());
			consumer.seekToBeginning(partitions.get());
			AtomicReference<JsonNode> found = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					Header type = record.headers().lastHeader("colink-event-type");
					JsonNode envelope = this.json.readTree(record.value());
					if (userId.equals(record.key()) && type != null
							&& EventType.USER_LOGGED_IN.wireName().equals(new String(type.value(), StandardCharsets.UTF_8))
							&& !Instant.parse(envelope.get("data").get("loggedInAt").asString()).isBefore(since)) {
						found.set(envelope);
					}
				}
				return found.get() != null;
			});
			return found.get();
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
