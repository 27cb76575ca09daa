package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code reaction.added}: a user reacted to a message with an emoji. Keyed by the message id, so that the adds and
 * removals of one message keep their order.
 *
 * @param messageId      the message
 * @param channelId      its channel, or null in a DM
 * @param dmId           its direct conversation, or null in a channel
 * @param participantIds the DM's users, or null in a channel
 * @param userId         who reacted
 * @param emoji          a Unicode emoji or a {@code :short_name:}
 * @param createdAt      when
 */
public record ReactionAdded(String messageId, String channelId, String dmId, List<String> participantIds,
		String userId, String emoji, Instant createdAt) {
}
