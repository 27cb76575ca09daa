package dev.colink.channels.channel;

import java.time.Instant;

/**
 * A user's membership of a channel, as an invitation answers it.
 *
 * @param role {@code owner}, {@code admin} or {@code member}
 */
public record Membership(String channelId, String userId, String role, Instant joinedAt) {
}
