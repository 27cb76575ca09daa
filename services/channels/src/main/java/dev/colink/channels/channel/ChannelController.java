package dev.colink.channels.channel;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/channels} creates a channel; {@code GET /v1/channels} lists the caller's channels, or with
 * {@code scope=public} every public one; {@code GET /v1/channels/{id}} shows one the caller may see.
 */
@RestController
@RequestMapping("/v1/channels")
class ChannelController {

	private final Channels channels;

	ChannelController(Channels channels) {
		this.channels = channels;
	}

	@PostMapping
	ResponseEntity<Channel> create(@RequestBody CreateChannelRequest request, @AuthenticationPrincipal Jwt caller) {
		Channel channel = this.channels.create(userId(caller), request);
		return ResponseEntity.created(URI.create("/v1/channels/" + channel.id())).body(channel);
	}

	@GetMapping
	ChannelPage list(@RequestParam(required = false) String scope, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor, @AuthenticationPrincipal Jwt caller) {
		return this.channels.list(userId(caller), scope, limit, cursor);
	}

	@GetMapping("/{id}")
	Channel find(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		return this.channels.find(userId(caller), id);
	}

	/** The caller's user id: the token's subject, which is {@code users.id}. */
	static UUID userId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

}
