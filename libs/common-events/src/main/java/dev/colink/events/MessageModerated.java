package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code message.moderated}: an administrator removed a message (soft delete: it leaves history, search and
 * clients). Keyed like the message's creation, so that it never overtakes it.
 *
 * @param messageId      the message
 * @param channelId      its channel, or null in a DM
 * @param dmId           its direct conversation, or null in a channel
 * @param participantIds the DM's users, or null in a channel
 * @param threadId       its thread, or null
 * @param senderId       its author
 * @param actorId        the administrator
 * @param action         what was done ({@code delete})
 * @param reason         why, as the administrator wrote it
 * @param moderatedAt    when
 */
public record MessageModerated(String messageId, String channelId, String dmId, List<String> participantIds,
		String threadId, String senderId, String actorId, String action, String reason, Instant moderatedAt) {
}
