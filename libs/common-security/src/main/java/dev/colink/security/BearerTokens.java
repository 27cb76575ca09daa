package dev.colink.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The access token from {@code Authorization: Bearer <token>}, the only place Colink reads it from. It does what
 * Spring Security's default resolver does for that header, with a character check in place of its regular
 * expression, which was a visible share of every request's CPU on a 1.5 KB token.
 */
final class BearerTokens implements BearerTokenResolver {

	private static final String PREFIX = "Bearer ";

	@Override
	public String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		String token = header.substring(PREFIX.length());
		if (!isToken68(token)) {
			BearerTokenError error = BearerTokenErrors.invalidToken("Bearer token is malformed");
			throw new InvalidBearerTokenException(error.getDescription());
		}
		return token;
	}

	/** RFC 6750's b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
	static boolean isToken68(String token) {
		int length = token.length();
		int end = length;
		while (end > 0 && token.charAt(end - 1) == '=') {
			end--;
		}
		if (end == 0) {
			return false;
		}
		for (int i = 0; i < end; i++) {
			char c = token.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
