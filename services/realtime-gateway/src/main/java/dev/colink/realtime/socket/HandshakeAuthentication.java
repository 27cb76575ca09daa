package dev.colink.realtime.socket;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Authenticates the WebSocket handshake on {@code GET /v1/realtime} before the upgrade: a one-time {@code ?ticket=}
 * or an {@code Authorization: Bearer} token, else {@code 401} and no connection. The caller travels to the
 * connection in the request header {@link #CALLER}, which this filter always sets, over anything a client sent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class HandshakeAuthentication implements WebFilter {

	static final String CALLER = "X-Colink-Caller";

	static final String PATH = "/v1/realtime";

	private static final byte[] UNAUTHORIZED = ("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
			+ "\"detail\":\"Open the WebSocket with ?ticket= (POST /v1/realtime/ticket) or an Authorization: Bearer token.\","
			+ "\"code\":\"unauthorized\"}")
		.getBytes(StandardCharsets.UTF_8);

	private final Tickets tickets;

	private final ReactiveJwtDecoder tokens;

	HandshakeAuthentication(Tickets tickets, ReactiveJwtDecoder tokens) {
		this.tickets = tickets;
		this.tokens = tokens;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!PATH.equals(exchange.getRequest().getPath().value())) {
			return chain.filter(exchange);
		}
		return caller(exchange).map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((caller) -> caller.isEmpty() ? unauthorized(exchange.getResponse())
					: chain.filter(exchange.mutate()
						.request((request) -> request.headers((headers) -> headers.set(CALLER,
								caller.get().userId() + "|" + caller.get().expiresAt().getEpochSecond())))
						.build()));
	}

	private Mono<Caller> caller(ServerWebExchange exchange) {
		String ticket = exchange.getRequest().getQueryParams().getFirst("ticket");
		if (ticket != null) {
			return this.tickets.redeem(ticket);
		}
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Mono.empty();
		}
		return this.tokens.decode(authorization.substring(7))
			.map((jwt) -> new Caller(jwt.getSubject(), jwt.getExpiresAt()))
			.onErrorResume((ex) -> Mono.empty());
	}

	private static Mono<Void> unauthorized(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.UNAUTHORIZED);
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.getHeaders().setContentType(MediaType.parseMediaType("application/problem+json"));
		return response.writeWith(Mono.just(response.bufferFactory().wrap(UNAUTHORIZED)));
	}

}
