package dev.colink.presence.status;

/** The body of {@code POST /v1/presence/typing}: exactly one of the two. */
record TypingRequest(String channelId, String dmId) {
}
