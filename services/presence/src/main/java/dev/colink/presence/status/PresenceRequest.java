package dev.colink.presence.status;

/** The body of {@code POST /v1/presence}. */
record PresenceRequest(String status, String customStatus) {
}
