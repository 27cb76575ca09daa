package dev.colink.reactions.reaction;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The reactions of a message: add ({@code POST}), remove ({@code DELETE …/{emoji}}), list with counts ({@code GET}). */
@RestController
@RequestMapping("/v1/messages/{messageId}/reactions")
class ReactionController {

	private final Reactions reactions;

	ReactionController(Reactions reactions) {
		this.reactions = reactions;
	}

	@PostMapping
	ResponseEntity<Reaction> add(@PathVariable String messageId, @RequestBody ReactionRequest request,
			@AuthenticationPrincipal Jwt caller) {
		Reaction reaction = this.reactions.add(userId(caller), messageId, request);
		return ResponseEntity
			.created(URI.create("/v1/messages/" + reaction.messageId() + "/reactions/"
					+ URLEncoder.encode(reaction.emoji(), StandardCharsets.UTF_8).replace("+", "%20")))
			.body(reaction);
	}

	@DeleteMapping("/{emoji}")
	ResponseEntity<Void> remove(@PathVariable String messageId, @PathVariable String emoji,
			@AuthenticationPrincipal Jwt caller) {
		this.reactions.remove(userId(caller), messageId, emoji);
		return ResponseEntity.noContent().build();
	}

	@GetMapping
	ReactionSummary list(@PathVariable String messageId, @AuthenticationPrincipal Jwt caller) {
		return this.reactions.list(userId(caller), messageId);
	}

	private static UUID userId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

}
