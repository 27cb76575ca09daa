package dev.colink.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service checks the tokens it is given.
 *
 * @param issuerUri   the Keycloak realm that issues tokens; the {@code iss} claim must equal it
 * @param jwkSetUri   where the realm's signing keys are; defaults to the realm's standard JWKS endpoint
 * @param audience    the {@code aud} every token must carry
 * @param publicPaths paths served without a token besides the health probes (e.g. {@code /auth/**})
 */
@ConfigurationProperties("colink.security")
public record ColinkSecurityProperties(@DefaultValue("http://127.0.0.1:8180/realms/colink") String issuerUri,
		String jwkSetUri, @DefaultValue("colink-api") String audience, @DefaultValue List<String> publicPaths) {

	public String resolvedJwkSetUri() {
		return (this.jwkSetUri != null && !this.jwkSetUri.isBlank()) ? this.jwkSetUri
				: this.issuerUri + "/protocol/openid-connect/certs";
	}

}
