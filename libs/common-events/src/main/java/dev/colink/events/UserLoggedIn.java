package dev.colink.events;

import java.time.Instant;

/**
 * {@code user.logged_in}: a user completed sign-in (password and second factor) and received tokens.
 *
 * @param userId     the Keycloak subject, also the id of the {@code users} row
 * @param username   the username the user signed in with
 * @param loggedInAt when the sign-in was recorded
 */
public record UserLoggedIn(String userId, String username, Instant loggedInAt) {
}
