package dev.colink.realtime.socket;

import java.time.Instant;

/** Who opened a connection, and until when their token (or the token behind their ticket) is valid. */
public record Caller(String userId, Instant expiresAt) {
}
