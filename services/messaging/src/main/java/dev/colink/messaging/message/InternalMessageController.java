package dev.colink.messaging.message;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/messages}: the threads service posts a reply in a thread (diagram 8), forwarding the
 * caller's token so that the reply's sender is the signed-in user and the same membership rules hold. The thread row
 * must be committed before the call. Not routed by the gateway.
 */
@RestController
class InternalMessageController {

	private final Messages messages;

	InternalMessageController(Messages messages) {
		this.messages = messages;
	}

	@PostMapping("/internal/messages")
	ResponseEntity<Message> reply(@AuthenticationPrincipal Jwt caller, @RequestBody ReplyRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.messages.reply(MessageController.callerId(caller), request).message());
	}

}
