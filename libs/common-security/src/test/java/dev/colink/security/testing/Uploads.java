package dev.colink.security.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

import static dev.colink.security.testing.ApiClient.json;

/** Journey 4 from a client's side: ask for an upload URL, PUT the bytes straight to the object store, confirm. */
public final class Uploads {

	/** The EICAR anti-virus test file: every scanner reports it, and it harms nothing. */
	public static final byte[] EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
		.getBytes(StandardCharsets.US_ASCII);

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Uploads() {
	}

	/** {@code POST /v1/files/upload-url}, checked to answer 200; the body ({@code presignedUrl, fileId, expiresIn}). */
	public static JsonNode uploadUrl(ApiClient api, String token, String filename, long size, String mimeType) {
		return api.post("/v1/files/upload-url", token, json("filename", filename, "size", size, "mimeType", mimeType))
			.expect(200);
	}

	/** PUTs the bytes to a presigned URL; the store's status. */
	public static int put(String presignedUrl, byte[] bytes, String contentType) {
		return send(HttpRequest.newBuilder(URI.create(presignedUrl))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/** GETs a presigned URL (nothing else is sent: the signature is all the authority). */
	public static HttpResponse<byte[]> get(String presignedUrl) {
		return send(HttpRequest.newBuilder(URI.create(presignedUrl)), HttpResponse.BodyHandlers.ofByteArray());
	}

	/** Uploads the bytes and confirms; the file's id (its scan is under way). */
	public static String uploadAndConfirm(ApiClient api, String token, String filename, String mimeType, byte[] bytes) {
		JsonNode upload = uploadUrl(api, token, filename, bytes.length, mimeType);
		int stored = put(upload.get("presignedUrl").asString(), bytes, mimeType);
		if (stored != 200) {
			throw new AssertionError("the object store answered the PUT with " + stored);
		}
		String fileId = upload.get("fileId").asString();
		api.post("/v1/files/" + fileId + "/confirm", token, null).expect(200);
		return fileId;
	}

	/** A small real PNG image (8 by 8 pixels, a colour each), different for every seed. */
	public static byte[] png(int seed) {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
		for (int i = 0; i < 64; i++) {
			image.setRGB(i % 8, i / 8, seed * 31 + i * 0x010203);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			javax.imageio.ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
