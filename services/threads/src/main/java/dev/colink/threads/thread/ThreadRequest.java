package dev.colink.threads.thread;

import java.util.List;

/** The body of {@code POST /v1/threads}: a reply to a message, opening its thread if it has none. */
record ThreadRequest(String parentMessageId, String text, String idempotencyKey, List<String> fileIds) {
}
