package dev.colink.channels.channel;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.colink.platform.Cursors;
import dev.colink.platform.problems.ApiProblemException;

/** The rules a channel request's input must meet, each refusal naming its field (400). */
final class ChannelRules {

	static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,79}$");

	static final int MAX_DISPLAY_NAME_LENGTH = 255;

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private ChannelRules() {
	}

	static String name(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw ApiProblemException.invalid("name",
					"must be 1 to 80 lowercase letters, digits, '-' or '_', starting with a letter or digit");
		}
		return name;
	}

	/** The display name trimmed, or the channel's name when none is given. */
	static String displayName(String displayName, String name) {
		if (displayName == null || displayName.isBlank()) {
			return name;
		}
		String trimmed = displayName.strip();
		if (trimmed.codePointCount(0, trimmed.length()) > MAX_DISPLAY_NAME_LENGTH) {
			throw ApiProblemException.invalid("displayName",
					"must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters");
		}
		if (trimmed.indexOf('\u0000') >= 0) {
			throw ApiProblemException.invalid("displayName", "must not contain NUL characters");
		}
		return trimmed;
	}

	static int limit(Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

	/** Which channels a list shows: the caller's ({@code member}, the default) or every public one. */
	static boolean publicScope(String scope) {
		if (scope == null || scope.equals("member")) {
			return false;
		}
		if (scope.equals("public")) {
			return true;
		}
		throw ApiProblemException.invalid("scope", "must be public or member");
	}

	/** An id as a channel or user id, if it can be one (ids are UUIDs; anything else is unknown). */
	static Optional<UUID> uuid(String id) {
		if (id == null || id.length() != 36) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** A cursor is the sort key of a page's last row, opaque to clients. */
	static String cursor(String sortKey) {
		return Cursors.encode(sortKey);
	}

	/** The sort key a channel-list cursor holds (a channel name), or the empty string, before every name. */
	static String channelCursor(String cursor) {
		String name = sortKey(cursor);
		if (!name.isEmpty() && !NAME.matcher(name).matches()) {
			throw invalidCursor();
		}
		return name;
	}

	/** The sort key a members-list cursor holds (a lowercase username), or the empty string, before every one. */
	static String memberCursor(String cursor) {
		String username = sortKey(cursor);
		if (username.indexOf('\u0000') >= 0) {
			throw invalidCursor();
		}
		return username;
	}

	private static String sortKey(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return "";
		}
		return Cursors.decode(cursor);
	}

	private static ApiProblemException invalidCursor() {
		return Cursors.invalid();
	}

}
