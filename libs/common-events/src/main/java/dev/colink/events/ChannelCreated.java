package dev.colink.events;

import java.time.Instant;

/**
 * {@code channel.created}: a channel exists, its creator its owner and only member. Keyed by {@code channel_id}.
 *
 * @param channelId   the channel
 * @param name        its unique name
 * @param displayName its display name
 * @param isPrivate   whether only members may see it
 * @param createdBy   its creator and owner
 * @param createdAt   when it was created
 */
public record ChannelCreated(String channelId, String name, String displayName, boolean isPrivate, String createdBy,
		Instant createdAt) {
}
