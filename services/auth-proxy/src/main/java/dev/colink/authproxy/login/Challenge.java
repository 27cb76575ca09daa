package dev.colink.authproxy.login;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Everything needed to continue a sign-in Keycloak is waiting on, sealed into the {@code challengeId} the client
 * holds (see {@link ChallengeSeal}); the proxy keeps nothing. Short JSON names keep the sealed string small.
 *
 * @param username     who is signing in
 * @param step         which second-factor form Keycloak showed
 * @param action       path and query of the form's action on Keycloak (holds Keycloak's session code and tab)
 * @param cookies      Keycloak's authentication-session cookies
 * @param verifier     the PKCE code verifier of the authorization request
 * @param state        the OAuth state of the authorization request, checked on the redirect
 * @param credentialId the OTP credential Keycloak selected ({@link Step#OTP})
 * @param totpSecret   the raw secret Keycloak generated for enrollment ({@link Step#ENROLL})
 * @param expiresAt    when the challenge stops being accepted (epoch seconds)
 */
public record Challenge(@JsonProperty("u") String username, @JsonProperty("p") Step step,
		@JsonProperty("a") String action, @JsonProperty("c") Map<String, String> cookies,
		@JsonProperty("v") String verifier, @JsonProperty("s") String state,
		@JsonProperty("i") String credentialId, @JsonProperty("t") String totpSecret,
		@JsonProperty("e") long expiresAt) {

	/** The same challenge, continued at a fresh action of Keycloak's form (after a wrong code). */
	public Challenge continuedAt(String action, Map<String, String> cookies) {
		return new Challenge(this.username, this.step, action, cookies, this.verifier, this.state, this.credentialId,
				this.totpSecret, this.expiresAt);
	}

	/** The second-factor form Keycloak is waiting on. */
	public enum Step {

		/** The user has an authenticator: Keycloak's OTP form. */
		@JsonProperty("o")
		OTP,

		/** The user has none yet: Keycloak's "configure OTP" form, completed by a first right code. */
		@JsonProperty("n")
		ENROLL

	}

}
