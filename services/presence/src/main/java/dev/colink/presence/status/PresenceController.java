package dev.colink.presence.status;

import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/presence} (a heartbeat, every 30 s), {@code GET /v1/presence?userIds=}, {@code POST /v1/presence/typing}. */
@RestController
class PresenceController {

	private final Statuses statuses;

	PresenceController(Statuses statuses) {
		this.statuses = statuses;
	}

	@PostMapping("/v1/presence")
	Presence update(@RequestBody PresenceRequest request, @AuthenticationPrincipal Jwt caller) {
		return this.statuses.update(UUID.fromString(caller.getSubject()), request);
	}

	@GetMapping("/v1/presence")
	PresencePage read(@RequestParam(required = false) String userIds) {
		return this.statuses.read(userIds);
	}

	@PostMapping("/v1/presence/typing")
	ResponseEntity<Void> typing(@RequestBody TypingRequest request, @AuthenticationPrincipal Jwt caller) {
		this.statuses.typing(UUID.fromString(caller.getSubject()), request);
		return ResponseEntity.noContent().build();
	}

}
