package dev.colink.authproxy.login;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /auth/refresh} and {@code POST /auth/logout}. */
public record RefreshTokenRequest(@NotBlank @Size(max = 8192) String refreshToken) {
}
