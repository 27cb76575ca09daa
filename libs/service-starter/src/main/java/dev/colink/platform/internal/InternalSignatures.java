package dev.colink.platform.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies calls between services that no user makes (the files service asking the scanner to scan, the
 * scanner reporting its verdict): an HMAC-SHA256, under a secret only the services know, of the time, a random
 * nonce, the method, the path and the body's digest, sent as
 * {@value #HEADER}{@code : t=<epoch seconds>,n=<nonce, 32 hex>,v2=<hex>}. A signature older or newer than the allowed
 * skew is refused; within it, the receiver refuses a nonce it has seen ({@link InternalNonces}), so a captured request
 * is good once.
 * <p>
 * The first format, {@code t=<epoch seconds>,v1=<hex>} without a nonce, still verifies, so that a receiver of this
 * release accepts the calls of a sender of the previous one during a rolling deploy. Its MAC stands in for the
 * nonce: a replay carries the same one. Senders only write the second format.
 */
public class InternalSignatures {

	public static final String HEADER = "X-Colink-Signature";

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private static final int NONCE_BYTES = 16;

	private final SecretKeySpec key;

	private final Duration maxSkew;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public InternalSignatures(String secret, Duration maxSkew, Clock clock) {
		if (secret == null || secret.length() < 16) {
			throw new IllegalArgumentException("The internal calls' secret needs at least 16 characters");
		}
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
		this.maxSkew = maxSkew;
		this.clock = clock;
	}

	/** The {@value #HEADER} value for a request made now, with a nonce of its own. */
	public String sign(String method, String path, byte[] body) {
		long time = this.clock.instant().getEpochSecond();
		byte[] raw = new byte[NONCE_BYTES];
		this.random.nextBytes(raw);
		String nonce = HEX.formatHex(raw);
		return "t=" + time + ",n=" + nonce + ",v2=" + HEX.formatHex(mac(v2(time, nonce, method, path, body)));
	}

	/** True when {@code header} is a signature of exactly this request, made within the allowed skew of now. */
	public boolean verify(String method, String path, byte[] body, String header) {
		return verified(method, path, body, header).isPresent();
	}

	/**
	 * The signature in {@code header} when it is one of exactly this request, made within the allowed skew of now.
	 * Whether it was seen before is for the receiver to ask ({@link InternalNonces}).
	 */
	public Optional<Verified> verified(String method, String path, byte[] body, String header) {
		if (header == null) {
			return Optional.empty();
		}
		long time;
		String nonce;
		byte[] signature;
		byte[] expected;
		try {
			String[] parts = header.split(",", -1);
			if (parts.length < 2 || !parts[0].startsWith("t=")) {
				return Optional.empty();
			}
			time = Long.parseLong(parts[0].substring(2));
			if (parts.length == 3 && parts[1].startsWith("n=") && parts[2].startsWith("v2=")) {
				nonce = parts[1].substring(2);
				if (nonce.length() != 2 * NONCE_BYTES || !nonce.equals(nonce.toLowerCase())) {
					return Optional.empty();
				}
				HEX.parseHex(nonce);
				signature = HEX.parseHex(parts[2].substring(3));
				expected = mac(v2(time, nonce, method, path, body));
			}
			else if (parts.length == 2 && parts[1].startsWith("v1=")) {
				signature = HEX.parseHex(parts[1].substring(3));
				expected = mac(v1(time, method, path, body));
				nonce = "v1:" + HEX.formatHex(expected);
			}
			else {
				return Optional.empty();
			}
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		long skew = Math.abs(this.clock.instant().getEpochSecond() - time);
		if (skew > this.maxSkew.toSeconds() || !MessageDigest.isEqual(signature, expected)) {
			return Optional.empty();
		}
		return Optional.of(new Verified(nonce, Instant.ofEpochSecond(time).plus(this.maxSkew)));
	}

	/**
	 * A signature that verified.
	 * @param nonce     what tells this request from any other signed one (its nonce, or a first-format MAC)
	 * @param expiresAt when the signature stops verifying, so the nonce need not be remembered longer
	 */
	public record Verified(String nonce, Instant expiresAt) {
	}

	private static String v2(long time, String nonce, String method, String path, byte[] body) {
		return "v2\n" + time + "\n" + nonce + "\n" + method + "\n" + path + "\n" + digest(body);
	}

	private static String v1(long time, String method, String path, byte[] body) {
		return time + "\n" + method + "\n" + path + "\n" + digest(body);
	}

	private static String digest(byte[] body) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private byte[] mac(String material) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(material.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every JDK", ex);
		}
	}

}
