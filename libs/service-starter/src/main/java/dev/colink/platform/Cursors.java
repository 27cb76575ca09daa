package dev.colink.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.colink.platform.http.ControlCharacterGuard;
import dev.colink.platform.problems.ApiProblemException;

/**
 * The opaque {@code cursor} of every list: a page's last sort key, base64url-encoded. A cursor the API did not write
 * (not base64url, not UTF-8, or decoding to control characters such as NUL, which PostgreSQL text cannot hold) is
 * {@code 400 invalid_cursor} naming {@code cursor}, never a query that fails.
 */
public final class Cursors {

	private Cursors() {
	}

	public static String encode(String sortKey) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
	}

	/** The sort key the cursor carries, or a 400 {@code invalid_cursor}. */
	public static String decode(String cursor) {
		String key;
		try {
			key = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
				.toString();
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			throw invalid();
		}
		if (ControlCharacterGuard.hasControlCharacter(key)) {
			throw invalid();
		}
		return key;
	}

	/** {@code 400 invalid_cursor}, for a cursor whose sort key does not parse. */
	public static ApiProblemException invalid() {
		return ApiProblemException.invalid("invalid_cursor", "cursor", "is not a cursor this API returned");
	}

}
