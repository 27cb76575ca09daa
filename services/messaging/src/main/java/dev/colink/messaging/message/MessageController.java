package dev.colink.messaging.message;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Direct and channel messages: post, history, read one, edit, delete (journeys 2 and 3). */
@RestController
@RequestMapping("/v1/messages")
class MessageController {

	private final Messages messages;

	private final MessageHistory history;

	MessageController(Messages messages, MessageHistory history) {
		this.messages = messages;
		this.history = history;
	}

	/** 201 with the message; a retry with the same idempotency key gets the same 201 and the same message. */
	@PostMapping
	ResponseEntity<Message> post(@AuthenticationPrincipal Jwt caller, @RequestBody PostMessageRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.messages.post(callerId(caller), request).message());
	}

	@GetMapping
	MessagePage history(@AuthenticationPrincipal Jwt caller, @RequestParam(required = false) String channelId,
			@RequestParam(required = false) String dmId, @RequestParam(required = false) String userId,
			@RequestParam(required = false) String threadId, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.history.page(callerId(caller), new MessageHistory.Conversation(channelId, dmId, userId, threadId),
				limit, cursor);
	}

	@GetMapping("/{id}")
	Message find(@AuthenticationPrincipal Jwt caller, @PathVariable String id) {
		return this.messages.find(callerId(caller), id);
	}

	@PatchMapping("/{id}")
	Message edit(@AuthenticationPrincipal Jwt caller, @PathVariable String id, @RequestBody EditMessageRequest request) {
		return this.messages.edit(callerId(caller), id, request);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal Jwt caller, @PathVariable String id) {
		this.messages.delete(callerId(caller), id);
	}

	static UUID callerId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

}
