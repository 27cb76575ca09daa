package dev.colink.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.RealmTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This gateway, started on a random port, in front of the services of the running stack: every public route
 * reaches the live service it names, tokens are checked before anything is routed, internal paths are not routed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

	private static final String SERVED_BY = "X-Colink-Service";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Test
	void everyPublicRouteReachesItsLiveService() throws Exception {
		Map<String, String> routes = Map.ofEntries(Map.entry("/v1/users/me", "auth-proxy"),
				Map.entry("/v1/admin/audit-logs", "admin"), Map.entry("/v1/messages/m-1/reactions", "reactions"),
				Map.entry("/v1/messages?channelId=c-1", "messaging"), Map.entry("/v1/channels", "channels"),
				Map.entry("/v1/files/f-1", "files"), Map.entry("/v1/search/messages?q=x", "search"),
				Map.entry("/v1/presence?userIds=u-1", "presence"), Map.entry("/v1/threads", "threads"),
				Map.entry("/v1/realtime/ticket", "realtime-gateway"));
		String token = RealmTokens.adminAccessToken();

		for (Map.Entry<String, String> route : routes.entrySet()) {
			HttpResponse<String> response = get(route.getKey(), token);

			assertThat(response.headers().allValues(SERVED_BY)).as(route.getKey()).contains(route.getValue());
			assertThat(response.statusCode()).as(route.getKey()).isNotIn(401, 502, 503, 504);
		}
	}

	@Test
	void theAuthRoutesArePublic() throws Exception {
		HttpResponse<String> response = get("/auth/login", null);

		assertThat(response.headers().allValues(SERVED_BY)).contains("auth-proxy");
	}

	@Test
	void aRequestWithoutAValidTokenIsRefusedAtTheGateway() throws Exception {
		HttpResponse<String> missing = get("/v1/channels", null);
		HttpResponse<String> garbage = get("/v1/channels", "not-a-jwt");

		for (HttpResponse<String> response : new HttpResponse[] { missing, garbage }) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().allValues(SERVED_BY)).containsExactly("gateway");
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
		}
	}

	@Test
	void internalEndpointsAreNeverRouted() throws Exception {
		String token = RealmTokens.adminAccessToken();
		for (String path : new String[] { "/internal/messages", "/files/f-1/scan-result", "/actuator/env" }) {
			HttpResponse<String> response = get(path, token);

			assertThat(response.headers().allValues(SERVED_BY)).as(path).containsExactly("gateway");
			assertThat(response.statusCode()).as(path).isIn(403, 404);
		}
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
