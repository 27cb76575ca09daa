package dev.colink.authproxy.login;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /auth/login/verify}: the challenge of the password step and a code of the authenticator. */
public record VerifyRequest(@NotBlank @Size(max = 4096) String challengeId,
		@NotBlank @Pattern(regexp = "totp", message = "must be \"totp\"") String method,
		@NotBlank @Pattern(regexp = "\\d{6}", message = "must be the 6 digits of the authenticator") String code) {
}
