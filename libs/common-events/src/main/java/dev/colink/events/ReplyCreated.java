package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code reply.created}: a reply was posted in a thread. Published with the reply, in its transaction, together
 * with the thread's new counters. Keyed by the parent's channel or DM, like its messages.
 *
 * @param threadId        the thread
 * @param parentMessageId the message the thread answers
 * @param messageId       the reply
 * @param channelId       the channel, or null in a DM
 * @param dmId            the direct conversation, or null in a channel
 * @param participantIds  the DM's users, or null in a channel
 * @param senderId        the reply's author
 * @param text            the reply's text
 * @param replyCount      the thread's replies, this one included
 * @param lastReplyAt     the thread's latest reply
 * @param createdAt       when this reply was posted
 */
public record ReplyCreated(String threadId, String parentMessageId, String messageId, String channelId, String dmId,
		List<String> participantIds, String senderId, String text, int replyCount, Instant lastReplyAt,
		Instant createdAt) {
}
