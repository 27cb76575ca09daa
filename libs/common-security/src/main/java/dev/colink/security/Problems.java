package dev.colink.security;

import java.nio.charset.StandardCharsets;

/** The RFC 9457 bodies of the two refusals security gives: 401 and 403. */
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

	private static byte[] body(int status, String title, String detail, String code) {
		String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
				+ detail + "\",\"code\":\"" + code + "\"}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
