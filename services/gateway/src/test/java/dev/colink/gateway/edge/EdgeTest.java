package dev.colink.gateway.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.RealmUsers.RealmUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the public port lets through, seen from a stand-in upstream that records every request it gets (the search
 * route points at it): no {@code X-Colink-*} header and no client-written forwarding header ever reaches a service;
 * a body over 1 MB is refused at the edge; the gateway's own refusals (a malformed path, no route) and its actuator
 * say nothing more than a problem body and a status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Headers of each request the stand-in upstream received, names lower-cased. */
	private static final ConcurrentLinkedQueue<Map<String, List<String>>> RECEIVED = new ConcurrentLinkedQueue<>();

	private static HttpServer upstream;

	private static RealmUser user;

	private static String token;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void searchRouteToTheStandIn(DynamicPropertyRegistry registry) throws IOException {
		upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/", (exchange) -> {
			Map<String, List<String>> headers = new java.util.TreeMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
			RECEIVED.add(headers);
			exchange.getRequestBody().readAllBytes();
			byte[] body = "{\"data\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		registry.add("COLINK_SEARCH_URL", () -> "http://127.0.0.1:" + upstream.getAddress().getPort());
	}

	@BeforeAll
	static void signIn() {
		user = RealmUsers.createUserWithTotp("edge", Set.of());
		token = RealmUsers.tokenFor(user);
	}

	@AfterAll
	static void cleanUp() {
		RealmUsers.delete(user);
		upstream.stop(0);
	}

	@BeforeEach
	void forgetEarlierRequests() {
		RECEIVED.clear();
	}

	@Test
	void internalAndForwardingHeadersNeverReachAService() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/v1/search/messages?q=x"))
			.header("Authorization", "Bearer " + token)
			.header("X-Colink-Caller", "00000000-0000-0000-0000-000000000001|4102444800")
			.header("x-colink-signature", "t=1,v1=00")
			.header("X-COLINK-ANYTHING", "1")
			.header("X-Forwarded-For", "198.51.100.1")
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Real-IP", "198.51.100.2")
			.header("Forwarded", "for=198.51.100.3")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(RECEIVED).hasSize(1);
		Map<String, List<String>> seen = RECEIVED.peek();
		assertThat(seen.keySet()).noneMatch((name) -> name.startsWith("x-colink-"));
		assertThat(seen).doesNotContainKeys("x-real-ip", "forwarded");
		// If anything, the gateway names the peer it saw, and only that.
		assertThat(seen.getOrDefault("x-forwarded-for", List.of("127.0.0.1"))).containsExactly("127.0.0.1");
		assertThat(seen.getOrDefault("x-forwarded-host", List.of())).noneMatch((host) -> host.contains("evil"));
	}

	@Test
	void aBodyOverTheLimitIsRefusedAtTheEdgeWithOrWithoutALength() throws Exception {
		String large = "{\"q\":\"" + "x".repeat(1_100_000) + "\"}";
		HttpResponse<String> declared = this.http.send(HttpRequest.newBuilder(uri("/v1/search/messages"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(large))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertProblem(declared.statusCode(), declared.body(), 413, "payload_too_large");
		assertThat(RECEIVED).isEmpty();

		// Chunked: no Content-Length to refuse it by, so the count of bytes read does.
		String chunked = rawChunkedPost("/v1/search/messages", large);
		assertThat(chunked).startsWith("HTTP/1.1 413");
		assertThat(chunked).contains("payload_too_large");
	}

	@Test
	void malformedPathsAndUnknownRoutesAreProblems() throws Exception {
		for (String path : List.of("/v1/admin/messages/%00/moderate", "/v1/channels//members", "/v1/channels/%2e%2e/x",
				"/v1/search/messages;jsessionid=1?q=x")) {
			HttpResponse<String> response = get(path, token);
			assertProblem(response.statusCode(), response.body(), 400, "invalid_request");
		}
		HttpResponse<String> unrouted = get("/v1/nothing-here", token);
		assertProblem(unrouted.statusCode(), unrouted.body(), 404, "not_found");
	}

	@Test
	void theActuatorOnThePublicPortShowsOnlyTheStatus() throws Exception {
		HttpResponse<String> health = get("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		// The status, and the names of the probe groups; no component, no detail.
		assertThat(JSON.readTree(health.body()).propertyNames()).containsOnly("status", "groups");
		for (String hidden : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/info", "/actuator/env")) {
			assertThat(get(hidden, token).statusCode()).as(hidden).isIn(401, 403, 404);
		}
		assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
	}

	private static void assertProblem(int status, String body, int expectedStatus, String code) {
		assertThat(status).as(body).isEqualTo(expectedStatus);
		JsonNode problem = JSON.readTree(body);
		assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
		assertThat(problem.path("code").asString()).isEqualTo(code);
	}

	private HttpResponse<String> get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A chunked POST written by hand (the JDK's client always declares a length), answered head and body. */
	private String rawChunkedPost(String path, String body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
					+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			try {
				for (int at = 0; at < bytes.length; at += 65536) {
					int length = Math.min(65536, bytes.length - at);
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(bytes, at, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException refusedMidway) {
				// The gateway may answer and close before the whole body is sent: its answer is still there to read.
			}
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
