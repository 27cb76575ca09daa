package dev.colink.admin.moderation;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/admin/messages/{messageId}/moderate}; the security chain lets only administrators reach it. */
@RestController
class ModerationController {

	private final Moderations moderations;

	ModerationController(Moderations moderations) {
		this.moderations = moderations;
	}

	@PostMapping("/v1/admin/messages/{messageId}/moderate")
	Moderation moderate(@PathVariable String messageId, @RequestBody ModerationRequest request,
			@AuthenticationPrincipal Jwt admin) {
		return this.moderations.moderate(UUID.fromString(admin.getSubject()), messageId, request);
	}

}
