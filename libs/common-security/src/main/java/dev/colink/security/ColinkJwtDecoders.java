package dev.colink.security;

import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The rules a Colink token must pass, shared by the servlet and reactive decoders: signed with RS256 by a key of
 * the realm's JWKS (fetched once and cached by the decoder, refreshed when an unknown key id appears), issued by
 * the realm, meant for the Colink API, and not expired.
 */
final class ColinkJwtDecoders {

	static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.RS256;

	static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

	/** How many verified tokens a service keeps, least recently used out first (see {@link VerifiedTokens}). */
	static final int VERIFIED_TOKENS = 4096;

	private ColinkJwtDecoders() {
	}

	static OAuth2TokenValidator<Jwt> validator(ColinkSecurityProperties properties) {
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
				(aud) -> aud != null && aud.contains(properties.audience()));
		// Keycloak and the services share clocks closely: 10 s of skew, not Spring's default minute.
		return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(properties.issuerUri()), audience);
	}

}
