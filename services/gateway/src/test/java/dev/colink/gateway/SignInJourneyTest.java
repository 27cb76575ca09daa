package dev.colink.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.TotpSteps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journey 1 end to end through the running stack's gateway, as a client does it: the administrator signs in with
 * password and TOTP, creates a user; the user enrolls a second factor at first sign-in, signs in again with the next
 * code, is refused the admin API, and after deactivation can no longer refresh.
 */
class SignInJourneyTest {

	/** A request unanswered this long fails the test instead of holding the build. */
	private static final Duration ANSWER = Duration.ofSeconds(60);

	private static final String GATEWAY = System.getenv().getOrDefault("COLINK_GATEWAY_URL", "http://127.0.0.1:8080");

	private static final String ADMIN_PASSWORD = System.getenv().getOrDefault("COLINK_ADMIN_PASSWORD", "colink-admin-pw");

	private static final String ADMIN_TOTP_SECRET = System.getenv()
		.getOrDefault("COLINK_ADMIN_TOTP_SECRET", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void anAdministratorCreatesAUserWhoEnrollsSignsInAndIsDeactivated() throws Exception {
		JsonNode adminChallenge = expect(401, post("/auth/login", null,
				"{\"username\":\"%s\",\"password\":\"%s\"}".formatted(RealmTokens.ADMIN_USERNAME, ADMIN_PASSWORD)));
		assertThat(adminChallenge.get("code").asString()).isEqualTo("mfa_required");
		String adminToken = verify(adminChallenge, TotpSteps.unusedCode(RealmTokens.ADMIN_USERNAME, ADMIN_TOTP_SECRET))
			.get("accessToken").asString();

		String username = "journey-" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode created = expect(201, post("/v1/admin/users", adminToken, """
				{"username":"%s","email":"%s@example.com","displayName":"Journey Tester","password":"s3cret-pass!","roles":["colink-user"]}"""
			.formatted(username, username)));
		String userId = created.get("id").asString();
		try {
			JsonNode enrollment = expect(401, post("/auth/login", null,
					"{\"username\":\"%s\",\"password\":\"s3cret-pass!\"}".formatted(username)));
			assertThat(enrollment.get("code").asString()).isEqualTo("mfa_enrollment_required");
			String secret = enrollment.get("totp").get("secret").asString();
			assertThat(enrollment.get("totp").get("otpauthUri").asString()).startsWith("otpauth://totp/");
			JsonNode firstSignIn = verify(enrollment, TotpSteps.unusedCode(username, secret));
			assertThat(firstSignIn.get("user").get("id").asString()).isEqualTo(userId);
			assertThat(firstSignIn.get("user").get("roles").toString()).contains("colink-user")
				.doesNotContain("colink-admin");

			JsonNode challenge = expect(401, post("/auth/login", null,
					"{\"username\":\"%s\",\"password\":\"s3cret-pass!\"}".formatted(username)));
			assertThat(challenge.get("code").asString()).isEqualTo("mfa_required");
			JsonNode secondSignIn = verify(challenge, TotpSteps.unusedCode(username, secret));
			String userToken = secondSignIn.get("accessToken").asString();

			assertThat(expect(200, get("/v1/users/me", userToken)).get("username").asString()).isEqualTo(username);
			assertThat(get("/v1/admin/audit-logs", userToken).statusCode()).isEqualTo(403);

			expect(200, post("/v1/admin/users/" + userId + "/deactivate", adminToken, ""));
			HttpResponse<String> refresh = post("/auth/refresh", null,
					"{\"refreshToken\":\"%s\"}".formatted(secondSignIn.get("refreshToken").asString()));
			assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(401);
			HttpResponse<String> signInAgain = post("/auth/login", null,
					"{\"username\":\"%s\",\"password\":\"s3cret-pass!\"}".formatted(username));
			assertThat(signInAgain.statusCode()).as(signInAgain.body()).isIn(401, 403);
			assertThat(signInAgain.body()).doesNotContain("challengeId");
		}
		finally {
			RealmUsers.adminApi("DELETE", "/users/" + userId, null);
		}
	}

	private JsonNode verify(JsonNode challenge, String code) throws Exception {
		return expect(200, post("/auth/login/verify", null, "{\"challengeId\":\"%s\",\"method\":\"totp\",\"code\":\"%s\"}"
			.formatted(challenge.get("challengeId").asString(), code)));
	}

	private JsonNode expect(int status, HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> post(String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.timeout(ANSWER)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.timeout(ANSWER)
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
