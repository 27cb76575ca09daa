package dev.colink.reactions.reaction;

/** The body of {@code POST /v1/messages/{messageId}/reactions}. */
record ReactionRequest(String emoji, String idempotencyKey) {
}
