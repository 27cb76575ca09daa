package dev.colink.platform;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.colink.platform.problems.ApiProblemException;

/** Reading ids and paging parameters as clients send them. */
public final class Ids {

	private Ids() {
	}

	/** Ids as the API writes them: 8-4-4-4-12 hex digits, either case. */
	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/**
	 * The id, if the text is one in its canonical spelling (null and malformed text are not). {@link UUID#fromString}
	 * alone also takes short groups ({@code 1-1-1-1-1}) and pads them, which would answer for another id than asked.
	 */
	public static Optional<UUID> uuid(String value) {
		if (value == null || !CANONICAL.matcher(value).matches()) {
			return Optional.empty();
		}
		return Optional.of(UUID.fromString(value));
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
