package dev.colink.authproxy.login;

/** {@code POST /auth/refresh} succeeded: a new access token and the refresh token to use next. */
public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
}
