package dev.colink.platform.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies calls between services that no user makes (the files service asking the scanner to scan, the
 * scanner reporting its verdict): an HMAC-SHA256, under a secret only the services know, of the time, the method,
 * the path and the body's digest, sent as {@value #HEADER}{@code : t=<epoch seconds>,v1=<hex>}. A signature older or
 * newer than the allowed skew is refused, so a captured request cannot be replayed later than that.
 */
public class InternalSignatures {

	public static final String HEADER = "X-Colink-Signature";

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private final SecretKeySpec key;

	private final Duration maxSkew;

	private final Clock clock;

	public InternalSignatures(String secret, Duration maxSkew, Clock clock) {
		if (secret == null || secret.length() < 16) {
			throw new IllegalArgumentException("The internal calls' secret needs at least 16 characters");
		}
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
		this.maxSkew = maxSkew;
		this.clock = clock;
	}

	/** The {@value #HEADER} value for a request made now. */
	public String sign(String method, String path, byte[] body) {
		long time = this.clock.instant().getEpochSecond();
		return "t=" + time + ",v1=" + HEX.formatHex(mac(time, method, path, body));
	}

	/** True when {@code header} is a signature of exactly this request, made within the allowed skew of now. */
	public boolean verify(String method, String path, byte[] body, String header) {
		if (header == null) {
			return false;
		}
		long time;
		byte[] signature;
		try {
			String[] parts = header.split(",", 2);
			if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
				return false;
			}
			time = Long.parseLong(parts[0].substring(2));
			signature = HEX.parseHex(parts[1].substring(3));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		long skew = Math.abs(this.clock.instant().getEpochSecond() - time);
		return skew <= this.maxSkew.toSeconds() && MessageDigest.isEqual(signature, mac(time, method, path, body));
	}

	private byte[] mac(long time, String method, String path, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			String digest = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
			return mac.doFinal((time + "\n" + method + "\n" + path + "\n" + digest).getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every JDK", ex);
		}
	}

}
