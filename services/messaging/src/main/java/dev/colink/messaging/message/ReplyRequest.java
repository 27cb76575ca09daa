package dev.colink.messaging.message;

import java.util.List;

/** {@code POST /internal/messages}: a reply in an existing thread, sent by the threads service for the caller. */
public record ReplyRequest(String threadId, String text, String idempotencyKey, List<String> fileIds) {
}
