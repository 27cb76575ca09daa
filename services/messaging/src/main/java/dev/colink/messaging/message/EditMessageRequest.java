package dev.colink.messaging.message;

/** {@code PATCH /v1/messages/{id}}: the new text. */
public record EditMessageRequest(String text) {
}
