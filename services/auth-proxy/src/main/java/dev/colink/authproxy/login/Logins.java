package dev.colink.authproxy.login;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.commons.codec.binary.Base32;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import dev.colink.authproxy.login.Challenge.Step;
import dev.colink.authproxy.login.KeycloakBrowserFlow.CodeResult;
import dev.colink.authproxy.login.KeycloakTokens.TokenSet;

/**
 * Sign-in with a mandatory second factor, refresh and logout (journey 1). The password step leaves Keycloak
 * waiting on its OTP (or OTP set-up) form and returns the sealed {@link Challenge}; the verify step opens it,
 * submits the code, exchanges the authorization code for tokens and records the sign-in.
 */
@Component
public class Logins {

	static final List<String> METHODS = List.of("totp");

	private final KeycloakBrowserFlow flow;

	private final KeycloakTokens tokens;

	private final KeycloakLockouts lockouts;

	private final ChallengeSeal seal;

	private final JwtDecoder jwtDecoder;

	private final UserSessions userSessions;

	private final ChallengeProperties properties;

	private final Clock clock;

	private final LoginSteps steps;

	Logins(KeycloakBrowserFlow flow, KeycloakTokens tokens, KeycloakLockouts lockouts, ChallengeSeal seal,
			JwtDecoder jwtDecoder, UserSessions userSessions, ChallengeProperties properties, Clock clock,
			LoginSteps steps) {
		this.flow = flow;
		this.tokens = tokens;
		this.lockouts = lockouts;
		this.seal = seal;
		this.jwtDecoder = jwtDecoder;
		this.userSessions = userSessions;
		this.properties = properties;
		this.clock = clock;
		this.steps = steps;
	}

	/** The password step: always a challenge (2FA is mandatory) or a refusal ({@link AuthProblem}). */
	public MfaChallenge start(String username, String password) {
		Duration ttl = this.properties.challengeTtl();
		Challenge challenge = this.steps.password
			.record(() -> this.flow.signIn(username, password, this.clock.instant().plus(ttl).getEpochSecond()));
		String challengeId = this.seal.seal(challenge);
		if (challenge.step() == Step.OTP) {
			return new MfaChallenge("mfa_required", challengeId, METHODS, ttl.toSeconds(), null);
		}
		return new MfaChallenge("mfa_enrollment_required", challengeId, METHODS, ttl.toSeconds(),
				totpSetup(username, challenge.totpSecret()));
	}

	/** The second-factor step: tokens and profile, with the sign-in recorded. */
	public SignedIn verify(String challengeId, String code) {
		Challenge challenge = this.seal.open(challengeId).orElseThrow(AuthProblem::challengeExpired);
		CodeResult result = this.steps.code.record(() -> this.flow.submitCode(challenge, code));
		if (result instanceof CodeResult.Rejected rejected) {
			this.lockouts.lockedFor(challenge.username()).ifPresent((remaining) -> {
				throw AuthProblem.accountLocked(remaining);
			});
			throw AuthProblem.invalidCode(this.seal.seal(rejected.retry()));
		}
		TokenSet tokenSet = this.steps.token.record(() -> this.tokens
			.exchange(((CodeResult.Accepted) result).authorizationCode(), challenge.verifier()));
		SignedInUser user = user(tokenSet);
		this.userSessions.recordLogin(user);
		return new SignedIn(tokenSet.accessToken(), tokenSet.refreshToken(), "Bearer", tokenSet.expiresIn(), user);
	}

	public TokenPair refresh(String refreshToken) {
		TokenSet tokenSet = this.steps.refresh.record(() -> this.tokens.refresh(refreshToken));
		return new TokenPair(tokenSet.accessToken(), tokenSet.refreshToken(), "Bearer", tokenSet.expiresIn());
	}

	public void logout(String refreshToken) {
		this.steps.logout.record(() -> this.tokens.logout(refreshToken));
	}

	private SignedInUser user(TokenSet tokenSet) {
		try {
			return SignedInUser.from(this.jwtDecoder.decode(tokenSet.accessToken()));
		}
		catch (JwtException ex) {
			throw AuthProblem.keycloakUnexpected("Keycloak issued a token this realm's rules refuse: " + ex.getMessage());
		}
	}

	/**
	 * What an authenticator app needs to enroll: Keycloak's raw secret is a string whose bytes are the HMAC key,
	 * and apps take that key in Base32. Algorithm, digits and period are the realm's OTP policy.
	 */
	TotpSetup totpSetup(String username, String rawSecret) {
		String secret = new Base32().encodeToString(rawSecret.getBytes(StandardCharsets.UTF_8))
			.replace("=", "");
		String issuer = this.properties.totpIssuer();
		String uri = UriComponentsBuilder.newInstance()
			.scheme("otpauth")
			.host("totp")
			.path("/" + issuer + ":" + username)
			.queryParam("secret", secret)
			.queryParam("issuer", issuer)
			.queryParam("algorithm", "SHA1")
			.queryParam("digits", 6)
			.queryParam("period", 30)
			.encode()
			.toUriString();
		return new TotpSetup(secret, uri);
	}

	/**
	 * The 401 answer of the password step.
	 *
	 * @param code        {@code mfa_required} or {@code mfa_enrollment_required}
	 * @param challengeId the sealed challenge to send back with the code
	 * @param methods     the second factors offered
	 * @param expiresIn   seconds the challenge can be answered
	 * @param totp        for enrollment: what the authenticator app needs
	 */
	public record MfaChallenge(String code, String challengeId, List<String> methods, long expiresIn,
			TotpSetup totp) {
	}

	/** An authenticator's secret (Base32) and the {@code otpauth://} URI a QR code carries. */
	public record TotpSetup(String secret, String otpauthUri) {
	}

}
