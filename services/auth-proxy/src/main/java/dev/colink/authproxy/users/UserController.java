package dev.colink.authproxy.users;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The users directory; any signed-in user may read it. */
@RestController
@RequestMapping("/v1/users")
class UserController {

	private final Users users;

	UserController(Users users) {
		this.users = users;
	}

	@GetMapping("/me")
	UserProfile me(@AuthenticationPrincipal Jwt caller) {
		return this.users.me(caller);
	}

	@GetMapping("/{id}")
	UserProfile find(@PathVariable String id) {
		return this.users.find(id);
	}

	@GetMapping
	UserPage search(@RequestParam(required = false) String q, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.users.search(q, limit, cursor);
	}

}
