package dev.colink.authproxy.login;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /auth/login}. */
public record LoginRequest(@NotBlank @Size(max = 255) String username, @NotBlank @Size(max = 1024) String password) {
}
