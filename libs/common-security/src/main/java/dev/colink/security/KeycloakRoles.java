package dev.colink.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** Keycloak realm roles ({@code realm_access.roles}) as Spring authorities: {@code colink-admin} is {@code ROLE_ADMIN}. */
public final class KeycloakRoles {

	public static final String ADMIN = "ROLE_ADMIN";

	public static final String USER = "ROLE_USER";

	private KeycloakRoles() {
	}

	public static Collection<GrantedAuthority> authorities(Jwt jwt) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String role : realmRoles(jwt)) {
			switch (role) {
				case "colink-admin" -> authorities.add(new SimpleGrantedAuthority(ADMIN));
				case "colink-user" -> authorities.add(new SimpleGrantedAuthority(USER));
				default -> {
				}
			}
		}
		return authorities;
	}

	public static List<String> realmRoles(Jwt jwt) {
		if (jwt.getClaim("realm_access") instanceof Map<?, ?> realmAccess
				&& realmAccess.get("roles") instanceof Collection<?> roles) {
			return roles.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

}
