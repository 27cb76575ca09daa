package dev.colink.channels.channel;

import java.util.Locale;

/** A member's role in a channel ({@code channel_members.role}). */
enum Role {

	OWNER, ADMIN, MEMBER;

	/** Owners and admins manage a channel's members. */
	boolean manages() {
		return this != MEMBER;
	}

	String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Role of(String wireName) {
		return valueOf(wireName.toUpperCase(Locale.ROOT));
	}

}
