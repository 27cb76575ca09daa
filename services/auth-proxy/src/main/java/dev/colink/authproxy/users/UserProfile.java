package dev.colink.authproxy.users;

/**
 * A user as the directory shows it.
 *
 * @param id     the Keycloak subject
 * @param status {@code active} or {@code deactivated}
 */
public record UserProfile(String id, String username, String displayName, String email, String status) {
}
