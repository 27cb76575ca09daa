package dev.colink.events;

import java.time.Instant;

/**
 * {@code presence.updated}: a user's status changed, by their own word or because their heartbeats stopped
 * ({@code offline}). Keyed by the user.
 *
 * @param userId       whose status
 * @param status       {@code online}, {@code away}, {@code dnd} or {@code offline}
 * @param customStatus their custom status text, or null
 * @param updatedAt    when
 */
public record PresenceUpdated(String userId, String status, String customStatus, Instant updatedAt) {
}
