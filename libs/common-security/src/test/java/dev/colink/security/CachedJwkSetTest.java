package dev.colink.security;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** How often the reactive decoder's key cache goes back to the JWKS endpoint (a local HTTP server counting calls). */
class CachedJwkSetTest {

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicReference<JWKSet> served = new AtomicReference<>();

	private final MutableClock clock = new MutableClock();

	private HttpServer server;

	private CachedJwkSet keys;

	@BeforeEach
	void serveKeys() throws Exception {
		this.served.set(new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()));
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/certs", (exchange) -> {
			this.fetches.incrementAndGet();
			byte[] body = this.served.get().toString().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
		this.keys = new CachedJwkSet(WebClient.create(),
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/certs"), Duration.ofSeconds(30),
				this.clock);
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void theKeysAreFetchedOnceForAnyNumberOfTokens() {
		for (int i = 0; i < 20; i++) {
			assertThat(this.keys.select(token("k1")).map(JWK::getKeyID).collectList().block()).containsExactly("k1");
		}
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void unknownKeyIdsCauseAtMostOneFetchPerInterval() {
		this.keys.select(token("k1")).blockLast();
		for (int i = 0; i < 50; i++) {
			assertThat(this.keys.select(token("made-up-" + i)).collectList().block()).isEmpty();
		}
		assertThat(this.fetches).hasValue(1);

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.keys.select(token("made-up-again")).collectList().block()).isEmpty();
		assertThat(this.keys.select(token("and-again")).collectList().block()).isEmpty();
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void aRotatedKeyIsPickedUpOnceTheIntervalAllows() throws Exception {
		this.keys.select(token("k1")).blockLast();
		this.served.set(new JWKSet(new RSAKeyGenerator(2048).keyID("k2").generate().toPublicJWK()));

		this.clock.advance(Duration.ofSeconds(31));

		assertThat(this.keys.select(token("k2")).map(JWK::getKeyID).collectList().block()).containsExactly("k2");
		assertThat(this.fetches).hasValue(2);
	}

	private static SignedJWT token(String keyId) {
		return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
				new JWTClaimsSet.Builder().subject("u-1").build());
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-27T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
