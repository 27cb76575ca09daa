package dev.colink.threads.thread;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.colink.platform.problems.ApiProblemException;

/**
 * Messaging's {@code POST /internal/messages} (diagram 8): the reply is posted there, with the caller's token, so
 * that messaging's rules (membership, text, files, idempotency) hold for replies as for any post, and the reply,
 * the thread's counters and {@code reply.created} commit in one transaction of messaging's.
 */
@Component
class MessagingReplies {

	private final RestClient client;

	MessagingReplies(@Value("${colink.threads.messaging-url}") String messagingUrl) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(Duration.ofSeconds(10));
		this.client = RestClient.builder().baseUrl(messagingUrl).requestFactory(requests).build();
	}

	/**
	 * Posts the reply; messaging's answer to a bad request (4xx) is the caller's answer too, as it stands.
	 * @return the reply, as messaging stored it
	 */
	JsonNode post(String bearerToken, UUID threadId, ThreadRequest request) {
		Map<String, Object> body = new HashMap<>();
		body.put("threadId", threadId.toString());
		body.put("text", request.text());
		body.put("idempotencyKey", request.idempotencyKey());
		body.put("fileIds", request.fileIds());
		try {
			return this.client.post()
				.uri("/internal/messages")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.retrieve()
				.onStatus(HttpStatusCode::is4xxClientError, (sent, answer) -> {
					throw new RefusedByMessaging(answer.getStatusCode(), readBody(answer.getBody()));
				})
				.body(JsonNode.class);
		}
		catch (RefusedByMessaging ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", null,
					"Replies cannot be posted right now; retry with the same idempotency key.");
		}
	}

	private static String readBody(java.io.InputStream body) throws IOException {
		return new String(body.readAllBytes(), StandardCharsets.UTF_8);
	}

	/** Messaging refused the reply (4xx): its status and problem body go back to the caller. */
	static final class RefusedByMessaging extends RuntimeException {

		private final HttpStatusCode status;

		private final String body;

		RefusedByMessaging(HttpStatusCode status, String body) {
			super("messaging answered " + status);
			this.status = status;
			this.body = body;
		}

		HttpStatusCode status() {
			return this.status;
		}

		String body() {
			return this.body;
		}

	}

}
