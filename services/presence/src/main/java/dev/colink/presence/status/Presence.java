package dev.colink.presence.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A user's status as the API shows it; {@code expiresIn} only in the answer to the user's own update. */
record Presence(String userId, String status, String customStatus,
		@JsonInclude(JsonInclude.Include.NON_NULL) Integer expiresIn) {
}
