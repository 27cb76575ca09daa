package dev.colink.security;

import java.nio.charset.StandardCharsets;

/** The RFC 9457 bodies of the refusals security gives: 401, 403, and 400 for a request its firewall rejects. */
final class Problems {

	static final String CONTENT_TYPE = "application/problem+json";

	private Problems() {
	}

	static byte[] unauthorized() {
		return body(401, "Unauthorized", "A valid bearer token is required.", "unauthorized");
	}

	static byte[] forbidden() {
		return body(403, "Forbidden", "Your role does not allow this.", "forbidden");
	}

	/** A path or header the firewall refuses (an encoded NUL, {@code //}, {@code ;}, {@code /../}, a control character). */
	static byte[] rejected() {
		return body(400, "Bad Request", "The request's path or headers are malformed.", "invalid_request");
	}

	private static byte[] body(int status, String title, String detail, String code) {
		String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
				+ detail + "\",\"code\":\"" + code + "\"}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
