package dev.colink.reactions.reaction;

import java.time.Instant;

/** One user's reaction to a message, as the API shows it. */
public record Reaction(String messageId, String userId, String emoji, Instant createdAt) {

	/**
	 * How an idempotency key remembers the reaction it created: enough to answer a repeat with the first response,
	 * also after the reaction was removed again (message id, creation time in microseconds, emoji; at most 118
	 * characters).
	 */
	String resourceId() {
		return this.messageId + "|" + (this.createdAt.getEpochSecond() * 1_000_000L + this.createdAt.getNano() / 1000)
				+ "|" + this.emoji;
	}

	static Reaction fromResourceId(String resourceId, String userId) {
		String[] parts = resourceId.split("\\|", 3);
		long micros = Long.parseLong(parts[1]);
		return new Reaction(parts[0], userId, parts[2],
				Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
	}

}
