package dev.colink.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Tokens already verified, so that a client's next request with the same token does not pay for the signature
 * check and parsing again (an RSA verification and a JSON parse per request are most of a small request's CPU). A
 * token is only taken from here while it is unexpired; an expired one goes back through the decoder, which refuses
 * it. Nothing else changes: a JWT is valid until it expires whether or not it was seen before. Bounded, least
 * recently used out first.
 */
final class VerifiedTokens {

	private final Cache<String, Jwt> tokens;

	private final Clock clock;

	VerifiedTokens(int maximumSize, Clock clock) {
		this.tokens = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(Duration.ofHours(1)).build();
		this.clock = clock;
	}

	/** The verified token, if it was seen and has not expired since. */
	Jwt get(String token) {
		Jwt jwt = this.tokens.getIfPresent(token);
		if (jwt == null) {
			return null;
		}
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null || !this.clock.instant().isBefore(expiresAt.plus(ColinkJwtDecoders.CLOCK_SKEW))) {
			this.tokens.invalidate(token);
			return null;
		}
		return jwt;
	}

	void put(String token, Jwt jwt) {
		this.tokens.put(token, jwt);
	}

	JwtDecoder caching(JwtDecoder decoder) {
		return (token) -> {
			Jwt known = get(token);
			if (known != null) {
				return known;
			}
			Jwt jwt = decoder.decode(token);
			put(token, jwt);
			return jwt;
		};
	}

	ReactiveJwtDecoder caching(ReactiveJwtDecoder decoder) {
		return (token) -> {
			Jwt known = get(token);
			if (known != null) {
				return Mono.just(known);
			}
			return decoder.decode(token).doOnNext((jwt) -> put(token, jwt));
		};
	}


}
