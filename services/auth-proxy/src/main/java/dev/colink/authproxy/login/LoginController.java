package dev.colink.authproxy.login;

import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.colink.authproxy.login.Logins.MfaChallenge;

/** Journey 1 on the wire (API.md § Auth). Refusals are {@link AuthProblem}s. */
@RestController
@RequestMapping("/auth")
class LoginController {

	private final Logins logins;

	LoginController(Logins logins) {
		this.logins = logins;
	}

	/** The password step; 2FA is mandatory, so a right password is answered with a 401 challenge too. */
	@PostMapping("/login")
	ResponseEntity<ProblemDetail> login(@Valid @RequestBody LoginRequest request) {
		MfaChallenge challenge = this.logins.start(request.username(), request.password());
		boolean enrollment = challenge.totp() != null;
		ProblemDetail body = AuthProblem.problem(HttpStatus.UNAUTHORIZED, challenge.code(),
				enrollment ? "Second factor enrollment required" : "Second factor required",
				enrollment ? "Add the secret to an authenticator app, then verify with a code it shows."
						: "Verify with a code of your authenticator app.");
		body.setProperty("challengeId", challenge.challengeId());
		body.setProperty("methods", challenge.methods());
		body.setProperty("expiresIn", challenge.expiresIn());
		if (enrollment) {
			body.setProperty("totp", challenge.totp());
		}
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).cacheControl(CacheControl.noStore()).body(body);
	}

	@PostMapping("/login/verify")
	ResponseEntity<SignedIn> verify(@Valid @RequestBody VerifyRequest request) {
		return noStore(this.logins.verify(request.challengeId(), request.code()));
	}

	@PostMapping("/refresh")
	ResponseEntity<TokenPair> refresh(@Valid @RequestBody RefreshTokenRequest request) {
		return noStore(this.logins.refresh(request.refreshToken()));
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(@Valid @RequestBody RefreshTokenRequest request) {
		this.logins.logout(request.refreshToken());
		return ResponseEntity.noContent().build();
	}

	/** Tokens are never cached (RFC 6749 § 5.1). */
	private static <T> ResponseEntity<T> noStore(T body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

}
