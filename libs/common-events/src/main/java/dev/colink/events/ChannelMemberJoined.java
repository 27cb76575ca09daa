package dev.colink.events;

import java.time.Instant;

/**
 * {@code channel.member_joined}: a user became a member of a channel, by joining it or being added. Keyed by
 * {@code channel_id}; consumers that cache memberships (real-time fan-out, search) refresh the channel's.
 *
 * @param channelId the channel
 * @param userId    the new member
 * @param role      {@code owner}, {@code admin} or {@code member}
 * @param addedBy   who added them; the member themselves when they joined
 * @param joinedAt  when
 */
public record ChannelMemberJoined(String channelId, String userId, String role, String addedBy, Instant joinedAt) {
}
