package dev.colink.admin.moderation;

import java.time.Instant;

/** What an administrator did to a message. */
public record Moderation(String messageId, String action, String reason, String actorId, Instant moderatedAt) {
}
