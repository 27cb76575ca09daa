package dev.colink.security.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls Colink's REST API as a client does, against the running stack's gateway by default or a service's own port:
 * JSON in, status and JSON out. One shared HTTP/1.1 client, safe for concurrent use. Every answer is checked against
 * the published API contract ({@link ApiContract}): a test that gets an answer the specs do not describe fails.
 */
public final class ApiClient {

	/** The gateway of the running stack. */
	public static final String GATEWAY_URL = System.getenv().getOrDefault("COLINK_GATEWAY_URL", "http://127.0.0.1:8080");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	/** One answer: its status, its raw body and the body as JSON (a missing node when empty or not JSON). */
	public record Answer(int status, String body, JsonNode json) {

		/** The JSON body, after checking the status (the body is the failure message). */
		public JsonNode expect(int expectedStatus) {
			if (this.status != expectedStatus) {
				throw new AssertionError("expected HTTP " + expectedStatus + " but got " + this.status + ": " + this.body);
			}
			return this.json;
		}

	}

	public ApiClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static ApiClient gateway() {
		return new ApiClient(GATEWAY_URL);
	}

	public Answer get(String path, String token) {
		return send("GET", path, token, null);
	}

	public Answer post(String path, String token, String jsonBody) {
		return send("POST", path, token, jsonBody);
	}

	public Answer patch(String path, String token, String jsonBody) {
		return send("PATCH", path, token, jsonBody);
	}

	public Answer delete(String path, String token) {
		return send("DELETE", path, token, null);
	}

	/** A JSON body from alternating names and values, e.g. {@code json("name", "x", "isPrivate", false)}. */
	public static String json(Object... namesAndValues) {
		java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			body.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return JSON.writeValueAsString(body);
	}

	public Answer send(String method, String path, String token, String jsonBody) {
		return send(method, path, token, "application/json", jsonBody);
	}

	/** A request whose body is of the given media type (e.g. to see a body that is not JSON refused). */
	public Answer send(String method, String path, String token, String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			ApiContract.check(method, path, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(null), response.body());
			return new Answer(response.statusCode(), response.body(), parse(response.body()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + this.baseUrl + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return JSON.missingNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return JSON.missingNode();
		}
	}

}
