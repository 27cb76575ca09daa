package dev.colink.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.RealmUsers.RealmUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway refuses every request to {@code /v1/**} whose token is not a valid token of the realm itself, with a
 * problem body, before anything is routed; and a plain user on the admin API. Real tokens of the stack's
 * Keycloak, and forgeries made from them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayAuthenticationTest {

	/** One path of each /v1 route. */
	private static final List<String> V1_PATHS = List.of("/v1/users/me", "/v1/admin/audit-logs",
			"/v1/messages/m-1/reactions", "/v1/messages?channelId=c-1", "/v1/channels", "/v1/files/f-1",
			"/v1/search/messages?q=x", "/v1/presence?userIds=u-1", "/v1/threads", "/v1/realtime/ticket");

	/** Spring Security's default allowance for clock skew when it checks {@code exp}. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RealmUser member;

	private static String memberToken;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@BeforeAll
	static void signInAPlainUser() {
		member = RealmUsers.createUserWithTotp("gateway-auth", Set.of());
		memberToken = RealmUsers.tokenFor(member);
	}

	@AfterAll
	static void removeThePlainUser() {
		RealmUsers.delete(member);
	}

	@Test
	void theRealTokenOfAPlainUserIsRouted() throws Exception {
		HttpResponse<String> response = get("/v1/users/me", memberToken);

		assertThat(response.statusCode()).as(response.body()).isNotIn(401, 403, 429);
		assertThat(response.headers().allValues("X-Colink-Service")).contains("auth-proxy");
	}

	@Test
	void everyV1RouteRefusesARequestWithoutAToken() throws Exception {
		assertEveryV1RouteRefuses(null);
	}

	@Test
	void everyV1RouteRefusesATokenSignedByAnotherKey() throws Exception {
		SignedJWT real = SignedJWT.parse(memberToken);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		// Same claims and the same key id as the realm's token: only the key that signed it differs.
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(real.getHeader().getKeyID())
			.build(), real.getJWTClaimsSet());
		forged.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));

		assertEveryV1RouteRefuses(forged.serialize());
	}

	@Test
	void everyV1RouteRefusesATokenOfAnotherIssuer() throws Exception {
		String masterRealmToken = RealmUsers.masterAdminToken();
		assertThat(SignedJWT.parse(masterRealmToken).getJWTClaimsSet().getIssuer()).endsWith("/realms/master");

		assertEveryV1RouteRefuses(masterRealmToken);
	}

	@Test
	void everyV1RouteRefusesAnUnsignedToken() throws Exception {
		String unsigned = new PlainJWT(SignedJWT.parse(memberToken).getJWTClaimsSet()).serialize();
		assertThat(unsigned).endsWith(".");

		assertEveryV1RouteRefuses(unsigned);
	}

	@Test
	void everyV1RouteRefusesAnExpiredTokenOfTheRealm() throws Exception {
		// A throwaway client of the realm whose access tokens live 2 s (the realm's own clients issue 5 min ones).
		String clientId = "gateway-expiry-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		String secret = "secret-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		String clientUuid = createShortLivedTokenClient(clientId, secret);
		RealmUser user = RealmUsers.createUserWithTotp("gateway-expiry", Set.of());
		try {
			String token = RealmUsers.tokenFor(user, clientId, secret);
			Instant expiresAt = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
			assertThat(Duration.between(Instant.now(), expiresAt)).isLessThanOrEqualTo(Duration.ofSeconds(2));
			assertThat(get("/v1/users/me", token).statusCode()).as("a valid token of that client").isNotEqualTo(401);

			// The gateway allows 10 s of clock skew past exp (libs/common-security).
			await().atMost(Duration.between(Instant.now(), expiresAt).plus(CLOCK_SKEW).plusSeconds(20))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> get("/v1/users/me", token).statusCode() == 401);

			assertThat(Instant.now()).isAfter(expiresAt.plus(CLOCK_SKEW));
			assertEveryV1RouteRefuses(token);
		}
		finally {
			RealmUsers.delete(user);
			RealmUsers.adminApi("DELETE", "/clients/" + clientUuid, null);
		}
	}

	@Test
	void aPlainUserIsForbiddenOnTheAdminApi() throws Exception {
		for (String path : List.of("/v1/admin/audit-logs", "/v1/admin/users")) {
			HttpResponse<String> response = get(path, memberToken);

			assertRefusedByTheGateway(path, response, 403, "forbidden");
		}
	}

	private void assertEveryV1RouteRefuses(String token) throws Exception {
		for (String path : V1_PATHS) {
			HttpResponse<String> response = get(path, token);

			assertRefusedByTheGateway(path, response, 401, "unauthorized");
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
		}
	}

	private static void assertRefusedByTheGateway(String path, HttpResponse<String> response, int status,
			String code) {
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
		// Only the gateway's own header: the request never reached a service.
		assertThat(response.headers().allValues("X-Colink-Service")).as(path).containsExactly("gateway");
		assertThat(response.headers().firstValue("Content-Type")).as(path)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("status").asInt()).as(path).isEqualTo(status);
		assertThat(problem.path("code").asString()).as(path).isEqualTo(code);
		assertThat(problem.path("title").asString()).as(path).isNotBlank();
	}

	/** A confidential client with direct grants, the colink-api audience and 2 s access tokens; its id. */
	private static String createShortLivedTokenClient(String clientId, String secret) {
		Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", false, "secret",
				secret, "standardFlowEnabled", false, "directAccessGrantsEnabled", true, "attributes",
				Map.of("access.token.lifespan", "2"), "protocolMappers",
				List.of(Map.of("name", "colink-api audience", "protocol", "openid-connect", "protocolMapper",
						"oidc-audience-mapper", "config", Map.of("included.custom.audience", "colink-api",
								"access.token.claim", "true", "id.token.claim", "false"))));
		HttpResponse<String> response = RealmUsers.adminApi("POST", "/clients", JSON.writeValueAsString(client));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.substring(location.lastIndexOf('/') + 1);
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
