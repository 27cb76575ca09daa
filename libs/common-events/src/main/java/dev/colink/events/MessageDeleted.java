package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code message.deleted}: the author deleted a message (soft delete: it leaves history, search and clients).
 * Keyed like the message's creation.
 *
 * @param messageId      the message
 * @param channelId      its channel, or null in a DM
 * @param dmId           its direct conversation, or null in a channel
 * @param participantIds the DM's users, or null in a channel
 * @param threadId       its thread, or null
 * @param senderId       its author
 * @param deletedAt      when it was deleted
 */
public record MessageDeleted(String messageId, String channelId, String dmId, List<String> participantIds,
		String threadId, String senderId, Instant deletedAt) {
}
