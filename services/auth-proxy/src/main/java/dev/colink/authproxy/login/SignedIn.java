package dev.colink.authproxy.login;

/** {@code POST /auth/login/verify} succeeded: Keycloak's tokens and the user's profile. */
public record SignedIn(String accessToken, String refreshToken, String tokenType, long expiresIn, SignedInUser user) {
}
