package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code message.created}: a message was posted to a channel or a DM, or as a reply in a thread. Keyed by its
 * conversation ({@code channel_id} or {@code dm_id}), so that a conversation's events keep their order.
 *
 * @param messageId      the message
 * @param channelId      its channel, or null in a DM
 * @param dmId           its direct conversation, or null in a channel
 * @param participantIds the two users of the DM (one when someone writes to themselves), or null in a channel
 * @param threadId       the thread it replies in, or null
 * @param senderId       who wrote it
 * @param text           its text
 * @param fileIds        the files attached, in their order (empty when none)
 * @param createdAt      when it was stored
 * @param idempotencyKey the key the client sent with it, or null
 */
public record MessageCreated(String messageId, String channelId, String dmId, List<String> participantIds,
		String threadId, String senderId, String text, List<String> fileIds, Instant createdAt, String idempotencyKey) {
}
