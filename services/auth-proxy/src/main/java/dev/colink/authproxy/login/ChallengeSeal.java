package dev.colink.authproxy.login;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals a {@link Challenge} into the opaque {@code challengeId} a client sends back, and opens it again on any
 * instance that has the same key: AES-256-GCM over the deflated JSON, Base64url. GCM authenticates the whole
 * ciphertext, so an altered id does not open; the expiry inside is checked after opening.
 * <p>
 * Layout before Base64url: version byte, 12-byte random nonce, ciphertext with its 16-byte tag. The version byte is
 * also authenticated (as associated data), so a later format can be told apart from a forgery.
 */
public class ChallengeSeal {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int MAX_INFLATED_BYTES = 16 * 1024;

	private final SecretKey key;

	private final JsonMapper json;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public ChallengeSeal(String base64Key, JsonMapper json, Clock clock) {
		byte[] raw = decodeKey(base64Key);
		this.key = new SecretKeySpec(raw, "AES");
		this.json = json;
		this.clock = clock;
	}

	private static byte[] decodeKey(String base64Key) {
		if (base64Key == null || base64Key.isBlank()) {
			throw new IllegalStateException("colink.auth.challenge-key (COLINK_AUTH_CHALLENGE_KEY) is not set");
		}
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64Key.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("colink.auth.challenge-key must be Base64", ex);
		}
		if (raw.length != 32) {
			throw new IllegalStateException(
					"colink.auth.challenge-key must be Base64 of 32 bytes (AES-256), got " + raw.length + " bytes");
		}
		return raw;
	}

	public String seal(Challenge challenge) {
		byte[] plain = deflate(this.json.writeValueAsBytes(challenge));
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
			byte[] sealed = cipher.doFinal(plain);
			ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Sealing a challenge failed", ex);
		}
	}

	/**
	 * Opens a challenge id.
	 * @return the challenge, or empty when the id was not sealed with this key (malformed, altered, another key)
	 * or has expired
	 */
	public Optional<Challenge> open(String challengeId) {
		try {
			byte[] raw = Base64.getUrlDecoder().decode(challengeId);
			// One spelling per id: the last character's unused low bits would otherwise let a changed character
			// open the same challenge.
			if (!Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(challengeId)) {
				return Optional.empty();
			}
			if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
				return Optional.empty();
			}
			byte[] nonce = new byte[NONCE_BYTES];
			System.arraycopy(raw, 1, nonce, 0, NONCE_BYTES);
			byte[] plain = cipher(Cipher.DECRYPT_MODE, nonce).doFinal(raw, 1 + NONCE_BYTES,
					raw.length - 1 - NONCE_BYTES);
			Challenge challenge = this.json.readValue(inflate(plain), Challenge.class);
			if (challenge.expiresAt() <= this.clock.instant().getEpochSecond()) {
				return Optional.empty();
			}
			return Optional.of(challenge);
		}
		catch (IllegalArgumentException | GeneralSecurityException | DataFormatException | JacksonException ex) {
			return Optional.empty();
		}
	}

	private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(new byte[] { VERSION });
		return cipher;
	}

	private static byte[] deflate(byte[] input) {
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
		try {
			deflater.setInput(input);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
			byte[] buffer = new byte[1024];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] inflate(byte[] input) throws DataFormatException {
		Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(input);
			ByteArrayOutputStream out = new ByteArrayOutputStream(input.length * 3);
			byte[] buffer = new byte[1024];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new DataFormatException("truncated");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_INFLATED_BYTES) {
					throw new DataFormatException("too large");
				}
			}
			return out.toByteArray();
		}
		finally {
			inflater.end();
		}
	}

}
