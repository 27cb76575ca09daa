package dev.colink.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class KeycloakRolesTest {

	@Test
	void realmRolesBecomeAuthorities() {
		Jwt jwt = jwt(Map.of("realm_access", Map.of("roles", List.of("colink-admin", "colink-user", "offline_access"))));
		assertThat(KeycloakRoles.authorities(jwt)).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder(KeycloakRoles.ADMIN, KeycloakRoles.USER);
	}

	@Test
	void aTokenWithoutRealmRolesHasNoAuthority() {
		assertThat(KeycloakRoles.authorities(jwt(Map.of("scope", "openid")))).isEmpty();
		assertThat(KeycloakRoles.authorities(jwt(Map.of("realm_access", "not-an-object")))).isEmpty();
	}

	private static Jwt jwt(Map<String, Object> claims) {
		return Jwt.withTokenValue("t").header("alg", "RS256").subject("u-1").issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60)).claims((c) -> c.putAll(claims)).build();
	}

}
