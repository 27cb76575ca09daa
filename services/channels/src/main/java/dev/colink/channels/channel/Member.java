package dev.colink.channels.channel;

import java.time.Instant;

/**
 * A member of a channel as the members list shows them.
 *
 * @param role {@code owner}, {@code admin} or {@code member}
 */
public record Member(String userId, String username, String displayName, String role, Instant joinedAt) {
}
