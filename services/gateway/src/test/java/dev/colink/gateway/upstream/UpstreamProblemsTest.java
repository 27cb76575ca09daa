package dev.colink.gateway.upstream;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.colink.security.testing.RealmTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This gateway with the threads route pointed at a port nobody listens on (just closed): the request is answered 503
 * {@code unavailable} with a problem body, not 500. A pool that stayed exhausted is {@code overloaded}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamProblemsTest {

	@DynamicPropertySource
	static void threadsNowhere(DynamicPropertyRegistry registry) throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		int port = closed;
		registry.add("COLINK_THREADS_URL", () -> "http://127.0.0.1:" + port);
	}

	@LocalServerPort
	int port;

	@Test
	void aServiceThatRefusesConnectionsIs503Unavailable() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/threads"))
				.header("Authorization", "Bearer " + RealmTokens.adminAccessToken())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.body()).contains("\"code\":\"unavailable\"").contains("\"status\":503");
	}

	@Test
	void anExhaustedConnectionPoolIsOverloadedAndOtherFailuresAreLeftAlone() {
		assertThat(UpstreamProblems.classify(new RuntimeException("wrapped", new PoolAcquireTimeoutException())))
			.isEqualTo("overloaded");
		assertThat(UpstreamProblems.classify(new ConnectException("Connection refused"))).isEqualTo("unavailable");
		assertThat(UpstreamProblems.classify(new IllegalStateException("a bug"))).isNull();
	}

	/** Named like Reactor Netty's (shaded) exception for a pool whose acquire timed out. */
	static class PoolAcquireTimeoutException extends RuntimeException {

	}

}
