package dev.colink.authproxy.users;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST} blocks the user, {@code DELETE} unblocks them; both answer 204 however often repeated. */
@RestController
@RequestMapping("/v1/users/{id}/block")
class BlockController {

	private final Blocks blocks;

	BlockController(Blocks blocks) {
		this.blocks = blocks;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void block(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		this.blocks.block(caller, id);
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void unblock(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		this.blocks.unblock(caller, id);
	}

}
