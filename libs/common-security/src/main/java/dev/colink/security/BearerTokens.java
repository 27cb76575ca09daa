package dev.colink.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The access token from {@code Authorization: Bearer <token>}, the only place the servlet services read it from. It
 * does what Spring Security's default resolver does for that header, read by {@link BearerHeader}.
 */
final class BearerTokens implements BearerTokenResolver {

	@Override
	public String resolve(HttpServletRequest request) {
		return BearerHeader.token(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

}
