package dev.colink.channels.channel;

import java.time.Instant;

/**
 * A channel as the API shows it.
 *
 * @param id          its UUIDv7
 * @param name        unique, {@code ^[a-z0-9][a-z0-9_-]{0,79}$}
 * @param displayName what clients show; the name unless one was given
 * @param isPrivate   whether only its members may see it
 * @param createdBy   the user who created it (its first owner)
 * @param createdAt   when it was created
 * @param memberCount how many members it has now
 */
public record Channel(String id, String name, String displayName, boolean isPrivate, String createdBy,
		Instant createdAt, int memberCount) {

	Channel withMemberCount(int count) {
		return new Channel(this.id, this.name, this.displayName, this.isPrivate, this.createdBy, this.createdAt, count);
	}

}
