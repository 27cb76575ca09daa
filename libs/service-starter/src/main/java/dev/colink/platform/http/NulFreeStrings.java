package dev.colink.platform.http;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Text members of request bodies without NUL: PostgreSQL text cannot hold U+0000, so a {@code "\u0000"} in a message,
 * a channel name or a display name is refused while the body is read, as {@code 400 invalid_request} naming the
 * member ({@code ApiProblems}), instead of failing in the database.
 */
public class NulFreeStrings extends StringDeserializer {

	/** Thrown for a text member holding NUL. */
	public static final class NulInText extends InvalidFormatException {

		NulInText(JsonParser parser, String value) {
			super(parser, "must not contain NUL (U+0000)", value, String.class);
		}

	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		String value = super.deserialize(parser, context);
		if (value != null && value.indexOf('\u0000') >= 0) {
			throw new NulInText(parser, value);
		}
		return value;
	}

}
