package dev.colink.channels.channel;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static dev.colink.channels.channel.ChannelController.userId;

/**
 * A channel's members: {@code GET /members} lists them, {@code POST /join} and {@code POST /leave} are the caller's
 * own, {@code POST /members} invites a user and {@code DELETE /members/{userId}} removes one. The rules are in
 * {@link Members}.
 */
@RestController
@RequestMapping("/v1/channels/{id}")
class MemberController {

	private final Members members;

	MemberController(Members members) {
		this.members = members;
	}

	@GetMapping("/members")
	MemberPage list(@PathVariable String id, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor, @AuthenticationPrincipal Jwt caller) {
		return this.members.list(userId(caller), id, limit, cursor);
	}

	@PostMapping("/join")
	Channel join(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		return this.members.join(userId(caller), id);
	}

	@PostMapping("/leave")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void leave(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		this.members.leave(userId(caller), id);
	}

	@PostMapping("/members")
	ResponseEntity<Membership> invite(@PathVariable String id, @RequestBody InviteRequest request,
			@AuthenticationPrincipal Jwt caller) {
		Members.Outcome<Membership> outcome = this.members.invite(userId(caller), id, request);
		return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.value());
	}

	@DeleteMapping("/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@PathVariable String id, @PathVariable String userId, @AuthenticationPrincipal Jwt caller) {
		this.members.remove(userId(caller), id, userId);
	}

}
