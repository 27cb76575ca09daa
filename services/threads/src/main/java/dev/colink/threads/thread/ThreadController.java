package dev.colink.threads.thread;

import java.net.URI;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/threads}: reply to a message; replies are read with {@code GET /v1/messages?threadId=}. */
@RestController
class ThreadController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Threads threads;

	ThreadController(Threads threads) {
		this.threads = threads;
	}

	@PostMapping("/v1/threads")
	ResponseEntity<ThreadReply> reply(@RequestBody ThreadRequest request, @AuthenticationPrincipal Jwt caller) {
		ThreadReply reply = this.threads.reply(UUID.fromString(caller.getSubject()), caller.getTokenValue(), request);
		return ResponseEntity.created(URI.create("/v1/messages/" + reply.reply().path("id").asString())).body(reply);
	}

	/** What messaging refused in the reply (its text, its files, the caller's membership), as messaging said it. */
	@ExceptionHandler(MessagingReplies.RefusedByMessaging.class)
	ResponseEntity<String> refused(MessagingReplies.RefusedByMessaging ex, HttpServletRequest request) {
		return ResponseEntity.status(ex.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(asOurs(ex.body(), request.getRequestURI()));
	}

	/** Messaging's problem as this request's: its {@code instance} names the internal call, not the caller's. */
	private static String asOurs(String problem, String path) {
		try {
			if (JSON.readTree(problem) instanceof ObjectNode body && body.has("instance")) {
				return JSON.writeValueAsString(body.put("instance", path));
			}
		}
		catch (JacksonException ex) {
			// Not JSON: passed on as it came.
		}
		return problem;
	}

}
