package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code message.updated}: the author edited a message's text. Keyed like the message's creation.
 *
 * @param messageId      the message
 * @param channelId      its channel, or null in a DM
 * @param dmId           its direct conversation, or null in a channel
 * @param participantIds the DM's users, or null in a channel
 * @param threadId       its thread, or null
 * @param senderId       its author
 * @param text           the new text
 * @param editedAt       when the edit was stored; of two updates of one message the later one wins
 * @param createdAt      when the message was first stored (a consumer can rebuild its whole view from this event)
 */
public record MessageUpdated(String messageId, String channelId, String dmId, List<String> participantIds,
		String threadId, String senderId, String text, Instant editedAt, Instant createdAt) {
}
