package dev.colink.admin.moderation;

/** The body of {@code POST /v1/admin/messages/{messageId}/moderate}. */
record ModerationRequest(String action, String reason) {
}
