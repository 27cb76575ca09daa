package dev.colink.security;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import dev.colink.security.testing.RealmTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The bootstrap administrator's real Keycloak token against the decoder every service builds from the realm's JWKS. */
class BootstrapAdminTokenTest {

	private final ColinkSecurityProperties properties = new ColinkSecurityProperties(RealmTokens.ISSUER, null,
			"colink-api", List.of());

	private final JwtDecoder decoder = ServletSecurityAutoConfiguration.verifiedTokens(this.properties);

	@Test
	void theAdministratorsTokenVerifiesAgainstTheRealmsKeysAndCarriesTheAdminRole() {
		Jwt jwt = this.decoder.decode(RealmTokens.adminAccessToken());

		assertThat(jwt.getHeaders()).containsEntry("alg", "RS256");
		assertThat(jwt.getIssuer()).hasToString(RealmTokens.ISSUER);
		assertThat(jwt.getAudience()).contains("colink-api");
		assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo(RealmTokens.ADMIN_USERNAME);
		assertThat(KeycloakRoles.authorities(jwt)).extracting(GrantedAuthority::getAuthority)
			.contains(KeycloakRoles.ADMIN, KeycloakRoles.USER);
	}

	@Test
	void aTokenWhosePayloadWasAlteredIsRefused() {
		String[] parts = RealmTokens.adminAccessToken().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(payload.replace("colink-user", "colink-root").getBytes()) + "." + parts[2];

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(forged));
	}

	@Test
	void aTokenForAnotherAudienceOrIssuerIsRefused() {
		JwtDecoder otherAudience = ServletSecurityAutoConfiguration
			.verifiedTokens(new ColinkSecurityProperties(RealmTokens.ISSUER, null, "some-other-api", List.of()));
		JwtDecoder otherIssuer = ServletSecurityAutoConfiguration.verifiedTokens(new ColinkSecurityProperties(
				RealmTokens.ISSUER + "-elsewhere", RealmTokens.ISSUER + "/protocol/openid-connect/certs", "colink-api",
				List.of()));

		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> otherAudience.decode(RealmTokens.adminAccessToken()));
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> otherIssuer.decode(RealmTokens.adminAccessToken()));
	}

	@Test
	void theRealmIsHealthy() {
		assertThat(new KeycloakHealthIndicator(this.properties).health(true).getStatus().getCode()).isEqualTo("UP");
		assertThat(new KeycloakHealthIndicator(new ColinkSecurityProperties("http://127.0.0.1:1/realms/none", null,
				"colink-api", List.of())).health(true).getStatus().getCode()).isEqualTo("DOWN");
	}

}
