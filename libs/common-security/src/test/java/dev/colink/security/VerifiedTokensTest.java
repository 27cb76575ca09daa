package dev.colink.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTest {

	private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void aTokenIsVerifiedOnceWhileItLivesAndAgainOnceExpired() {
		AtomicInteger verifications = new AtomicInteger();
		Instant expiresAt = this.now.plusSeconds(60);
		JwtDecoder realm = (token) -> {
			verifications.incrementAndGet();
			if (token.equals("forged")) {
				throw new BadJwtException("bad signature");
			}
			return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").expiresAt(expiresAt).build();
		};
		MutableClock clock = new MutableClock(this.now);
		JwtDecoder decoder = new VerifiedTokens(16, clock).caching(realm);

		assertThat(decoder.decode("t1").getSubject()).isEqualTo("alice");
		assertThat(decoder.decode("t1").getSubject()).isEqualTo("alice");
		assertThat(verifications).hasValue(1);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("forged"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("forged"));
		assertThat(verifications).hasValue(3);

		clock.instant = expiresAt.plus(ColinkJwtDecoders.CLOCK_SKEW);
		decoder.decode("t1");
		assertThat(verifications).as("an expired token goes back to the real decoder").hasValue(4);
	}

	@Test
	void theBearerTokenIsReadFromTheAuthorizationHeaderOnly() {
		BearerTokens bearer = new BearerTokens();
		assertThat(bearer.resolve(request("Bearer abc.DEF-_~+/123=="))).isEqualTo("abc.DEF-_~+/123==");
		assertThat(bearer.resolve(request("bearer abc"))).isEqualTo("abc");
		assertThat(bearer.resolve(request("Basic YWxhZGRpbjpvcGVuc2VzYW1l"))).isNull();
		assertThat(bearer.resolve(new MockHttpServletRequest())).isNull();
		assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(() -> bearer.resolve(request("Bearer a b")));
		assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(() -> bearer.resolve(request("Bearer ")));
		assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(() -> bearer.resolve(request("Bearer =abc")));
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", authorization);
		return request;
	}

	private static final class MutableClock extends Clock {

		private Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
