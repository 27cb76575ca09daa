package dev.colink.authproxy.login;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.colink.security.KeycloakRoles;

/**
 * The profile returned with the tokens, read from the access token Keycloak issued.
 *
 * @param id          the Keycloak subject, also the id of the {@code users} row
 * @param username    Keycloak's username
 * @param displayName given and family name, else Keycloak's {@code name}, else the username
 * @param email       may be null
 * @param roles       the user's Colink realm roles ({@code colink-user}, {@code colink-admin})
 */
public record SignedInUser(String id, String username, String displayName, String email, List<String> roles) {

	static SignedInUser from(Jwt token) {
		String username = token.getClaimAsString("preferred_username");
		String fullName = Stream.of(token.getClaimAsString("given_name"), token.getClaimAsString("family_name"))
			.filter((part) -> part != null && !part.isBlank())
			.reduce((given, family) -> given + " " + family)
			.orElse(token.getClaimAsString("name"));
		String displayName = (fullName != null && !fullName.isBlank()) ? fullName.trim() : username;
		List<String> roles = KeycloakRoles.realmRoles(token)
			.stream()
			.filter((role) -> role.startsWith("colink-"))
			.sorted()
			.toList();
		return new SignedInUser(token.getSubject(), username, displayName, token.getClaimAsString("email"), roles);
	}

}
