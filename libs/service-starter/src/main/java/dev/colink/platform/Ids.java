package dev.colink.platform;

import java.util.Optional;
import java.util.UUID;

import dev.colink.platform.problems.ApiProblemException;

/** Reading ids and paging parameters as clients send them. */
public final class Ids {

	private Ids() {
	}

	/** The id, if the text is one (null and malformed text are not). */
	public static Optional<UUID> uuid(String value) {
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** A list's {@code limit}: the default when absent, else 1 to {@code max}, or a 400 naming {@code limit}. */
	public static int limit(Integer limit, int defaultLimit, int max) {
		if (limit == null) {
			return defaultLimit;
		}
		if (limit < 1 || limit > max) {
			throw ApiProblemException.invalid("limit", "must be 1 to " + max);
		}
		return limit;
	}

}
