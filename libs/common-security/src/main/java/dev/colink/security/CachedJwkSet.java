package dev.colink.security;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The realm's signing keys for the reactive decoder, fetched once and kept. A token whose key id is not among them
 * triggers a refetch (the realm may have rotated its keys), but at most one per {@code minRefreshInterval}, shared
 * by concurrent requests: tokens with made-up key ids cannot turn every request into a call to Keycloak, which
 * Spring's reactive JWK source would do.
 */
final class CachedJwkSet {

	private final WebClient web;

	private final URI uri;

	private final Duration minRefreshInterval;

	private final Clock clock;

	private volatile JWKSet keys = new JWKSet();

	private volatile Instant lastFetched = Instant.MIN;

	private Mono<JWKSet> inflight;

	CachedJwkSet(WebClient web, URI uri, Duration minRefreshInterval, Clock clock) {
		this.web = web;
		this.uri = uri;
		this.minRefreshInterval = minRefreshInterval;
		this.clock = clock;
	}

	Flux<JWK> select(SignedJWT jwt) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
		List<JWK> known = selector.select(this.keys);
		if (!known.isEmpty()) {
			return Flux.fromIterable(known);
		}
		if (this.clock.instant().isBefore(this.lastFetched.plus(this.minRefreshInterval))) {
			return Flux.empty();
		}
		return refresh().flatMapMany((keys) -> Flux.fromIterable(selector.select(keys)));
	}

	private synchronized Mono<JWKSet> refresh() {
		if (this.inflight == null) {
			this.inflight = this.web.get()
				.uri(this.uri)
				.retrieve()
				.bodyToMono(String.class)
				.map(CachedJwkSet::parse)
				.doOnNext((keys) -> {
					this.keys = keys;
					this.lastFetched = this.clock.instant();
				})
				.doFinally((signal) -> clearInflight())
				.cache();
		}
		return this.inflight;
	}

	private synchronized void clearInflight() {
		this.inflight = null;
	}

	private static JWKSet parse(String body) {
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The realm's JWK set does not parse", ex);
		}
	}

}
