package dev.colink.events;

import java.time.Instant;

/**
 * {@code channel.member_left}: a user stopped being a member of a channel, by leaving or being removed. Keyed by
 * {@code channel_id}; from now on they receive nothing of it.
 *
 * @param channelId the channel
 * @param userId    the former member
 * @param removedBy who removed them; the member themselves when they left
 * @param leftAt    when
 */
public record ChannelMemberLeft(String channelId, String userId, String removedBy, Instant leftAt) {
}
