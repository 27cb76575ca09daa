package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code reaction.removed}: a user took their reaction back. Keyed by the message id, like {@link ReactionAdded}.
 *
 * @param messageId      the message
 * @param channelId      its channel, or null in a DM
 * @param dmId           its direct conversation, or null in a channel
 * @param participantIds the DM's users, or null in a channel
 * @param userId         whose reaction it was
 * @param emoji          the emoji
 * @param removedAt      when
 */
public record ReactionRemoved(String messageId, String channelId, String dmId, List<String> participantIds,
		String userId, String emoji, Instant removedAt) {
}
