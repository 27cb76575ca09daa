package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code thread.created}: the first reply to a message opened a thread. Published once per thread, whatever the
 * number of first replies racing. Keyed by the parent's channel or DM, like its messages.
 *
 * @param threadId        the thread
 * @param parentMessageId the message it answers
 * @param channelId       the parent's channel, or null in a DM
 * @param dmId            the parent's direct conversation, or null in a channel
 * @param participantIds  the DM's users, or null in a channel
 * @param creatorId       who wrote the first reply
 * @param createdAt       when
 */
public record ThreadCreated(String threadId, String parentMessageId, String channelId, String dmId,
		List<String> participantIds, String creatorId, Instant createdAt) {
}
