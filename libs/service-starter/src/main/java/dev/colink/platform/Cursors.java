package dev.colink.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import dev.colink.platform.http.ControlCharacterGuard;
import dev.colink.platform.problems.ApiProblemException;

/**
 * The opaque {@code cursor} of every list: a page's last sort key and a check of it (the first
 * {@value #CHECK_BYTES} bytes of its SHA-256), base64url-encoded. A cursor the API did not write (not base64url, a
 * check that does not match, not UTF-8, or decoding to control characters such as NUL, which PostgreSQL text cannot
 * hold) is {@code 400 invalid_cursor} naming {@code cursor}, never a query that fails nor a page from a made-up
 * position. The check is no secret: a client that forges a cursor only picks where a list it may read begins.
 */
public final class Cursors {

	private Cursors() {
	}

	private static final int CHECK_BYTES = 6;

	public static String encode(String sortKey) {
		byte[] key = sortKey.getBytes(StandardCharsets.UTF_8);
		byte[] cursor = Arrays.copyOf(key, key.length + CHECK_BYTES);
		System.arraycopy(check(key), 0, cursor, key.length, CHECK_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor);
	}

	/** The sort key the cursor carries, or a 400 {@code invalid_cursor}. */
	public static String decode(String cursor) {
		String key;
		try {
			byte[] raw = Base64.getUrlDecoder().decode(cursor);
			if (raw.length < CHECK_BYTES) {
				throw invalid();
			}
			byte[] bytes = Arrays.copyOf(raw, raw.length - CHECK_BYTES);
			if (!MessageDigest.isEqual(Arrays.copyOfRange(check(bytes), 0, CHECK_BYTES),
					Arrays.copyOfRange(raw, bytes.length, raw.length))) {
				throw invalid();
			}
			key = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
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

	private static byte[] check(byte[] key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code 400 invalid_cursor}, for a cursor whose sort key does not parse. */
	public static ApiProblemException invalid() {
		return ApiProblemException.invalid("invalid_cursor", "cursor", "is not a cursor this API returned");
	}

}
