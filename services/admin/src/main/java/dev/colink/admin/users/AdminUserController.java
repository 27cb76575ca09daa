package dev.colink.admin.users;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** User administration; the security chain lets only administrators reach {@code /v1/admin/**}. */
@RestController
@RequestMapping("/v1/admin/users")
class AdminUserController {

	private final AdminUsers users;

	AdminUserController(AdminUsers users) {
		this.users = users;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ManagedUser create(@Valid @RequestBody NewUser request, @AuthenticationPrincipal Jwt admin) {
		return this.users.create(request, admin.getSubject());
	}

	@PostMapping("/{id}/deactivate")
	ManagedUser deactivate(@PathVariable String id, @AuthenticationPrincipal Jwt admin) {
		return this.users.deactivate(id, admin.getSubject());
	}

}
