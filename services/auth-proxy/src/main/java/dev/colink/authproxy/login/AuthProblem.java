package dev.colink.authproxy.login;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal of sign-in, refresh or logout as an RFC 9457 problem with a stable {@code code}. Spring MVC writes it
 * as {@code application/problem+json} (see the service starter's {@code ApiProblems}).
 */
public class AuthProblem extends ErrorResponseException {

	/** Written out explicitly: API.md lists {@code type} among the fields, and Spring omits it when unset. */
	static final URI BLANK_TYPE = URI.create("about:blank");

	private AuthProblem(HttpStatus status, String code, String title, String detail) {
		super(status, problem(status, code, title, detail), null);
	}

	static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(BLANK_TYPE);
		problem.setTitle(title);
		problem.setProperty("code", code);
		return problem;
	}

	public String code() {
		return (String) getBody().getProperties().get("code");
	}

	/** Wrong password or unknown user: the same answer for both. */
	public static AuthProblem invalidCredentials() {
		return new AuthProblem(HttpStatus.UNAUTHORIZED, "invalid_credentials", "Invalid credentials",
				"The username or the password is wrong.");
	}

	/** Unknown, altered, expired or already used challenge. */
	public static AuthProblem challengeExpired() {
		return new AuthProblem(HttpStatus.UNAUTHORIZED, "challenge_expired", "Challenge expired",
				"The sign-in challenge is unknown, expired or already used; sign in again.");
	}

	/**
	 * Wrong second-factor code. The challenge that was answered stays usable; {@code challengeId} is a renewed one
	 * that saves Keycloak one redirect on the next attempt.
	 */
	public static AuthProblem invalidCode(String challengeId) {
		AuthProblem problem = new AuthProblem(HttpStatus.UNAUTHORIZED, "invalid_code", "Invalid code",
				"The authenticator code is wrong; try again with the same challenge.");
		problem.getBody().setProperty("challengeId", challengeId);
		return problem;
	}

	/** Locked by brute-force detection after repeated failures. */
	public static AuthProblem accountLocked(Duration retryAfter) {
		long seconds = Math.max(1, retryAfter.toSeconds());
		AuthProblem problem = new AuthProblem(HttpStatus.LOCKED, "account_locked", "Account locked",
				"Too many failed attempts; the account is locked for " + seconds + " s.");
		problem.getBody().setProperty("retryAfter", seconds);
		problem.getHeaders().set("Retry-After", Long.toString(seconds));
		return problem;
	}

	public static AuthProblem accountDisabled() {
		return new AuthProblem(HttpStatus.FORBIDDEN, "account_disabled", "Account disabled",
				"The account is disabled; contact an administrator.");
	}

	/** Keycloak requires something of the user the API cannot do for them (e.g. update the password). */
	public static AuthProblem accountSetupRequired(String keycloakPage) {
		return new AuthProblem(HttpStatus.FORBIDDEN, "account_setup_required", "Account set-up required",
				"Keycloak requires an action this API cannot complete (" + keycloakPage
						+ "); contact an administrator.");
	}

	public static AuthProblem invalidRefreshToken() {
		return new AuthProblem(HttpStatus.UNAUTHORIZED, "invalid_refresh_token", "Invalid refresh token",
				"The refresh token is invalid, expired or revoked; sign in again.");
	}

	/** Keycloak answered something the proxy cannot follow (a misconfigured realm, an unknown page). */
	public static AuthProblem keycloakUnexpected(String detail) {
		return new AuthProblem(HttpStatus.BAD_GATEWAY, "keycloak_unexpected_response", "Unexpected Keycloak response",
				detail);
	}

}
