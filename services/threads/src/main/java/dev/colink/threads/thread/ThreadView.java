package dev.colink.threads.thread;

import java.time.Instant;

/** A thread as the API shows it: {@code {id, parentMessageId, replyCount, lastReplyAt}}. */
record ThreadView(String id, String parentMessageId, int replyCount, Instant lastReplyAt) {
}
