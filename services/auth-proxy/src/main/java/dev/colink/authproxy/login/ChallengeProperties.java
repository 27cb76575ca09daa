package dev.colink.authproxy.login;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sign-in challenges are sealed.
 *
 * @param challengeKey AES-256 key (Base64 of 32 bytes) sealing the {@code challengeId}; every instance of the
 *                     proxy needs the same key so that any of them can continue a sign-in another one started
 * @param challengeTtl how long a challenge can be answered
 * @param totpIssuer   the issuer an authenticator app shows next to the account
 */
@ConfigurationProperties("colink.auth")
public record ChallengeProperties(String challengeKey, @DefaultValue("5m") Duration challengeTtl,
		@DefaultValue("Colink") String totpIssuer) {
}
