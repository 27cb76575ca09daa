package dev.colink.authproxy.login;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in, refresh and logout answer 503 problems, not 500s, when nothing listens where Keycloak should be. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "colink.keycloak.url=http://127.0.0.1:1")
class KeycloakUnavailableTest {

	@LocalServerPort
	int port;

	@Test
	void everyCallToKeycloakIsAnsweredWithA503Problem() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (String[] call : new String[][] { { "/auth/login", "{\"username\":\"a\",\"password\":\"b\"}" },
				{ "/auth/refresh", "{\"refreshToken\":\"r\"}" }, { "/auth/logout", "{\"refreshToken\":\"r\"}" } }) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + call[0]))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(call[1]))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).as(call[0]).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
			assertThat(response.body()).contains("\"code\":\"keycloak_unavailable\"");
		}
	}

}
