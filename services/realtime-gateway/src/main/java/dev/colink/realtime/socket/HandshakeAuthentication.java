package dev.colink.realtime.socket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Authenticates every WebSocket handshake before the upgrade: a one-time {@code ?ticket=} or an
 * {@code Authorization: Bearer} token, else {@code 401} and no connection. A request is a handshake when it asks for
 * a WebSocket upgrade, or when its path, decoded and normalized once ({@link #normalized}), is {@code /v1/realtime}, however
 * it is spelled ({@code /v1/%72ealtime}, {@code //v1/realtime/}, {@code /v1/realtime;x}, {@code /v1/./realtime}).
 * The verified caller travels to the connection as the exchange attribute {@link #CALLER}, which only this filter
 * sets and no request header can reach ({@link WebSocketConfiguration} binds it to the handler); the socket handler
 * refuses a session without it, so a spelling this filter did not recognise is closed, never served.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class HandshakeAuthentication implements WebFilter {

	/** The exchange attribute holding the verified {@link Caller}. */
	static final String CALLER = HandshakeAuthentication.class.getName() + ".caller";

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
		if (!isHandshake(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		return caller(exchange).map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((caller) -> {
				if (caller.isEmpty()) {
					return unauthorized(exchange.getResponse());
				}
				exchange.getAttributes().put(CALLER, caller.get());
				return chain.filter(exchange);
			});
	}

	static boolean isHandshake(ServerHttpRequest request) {
		// Only a WebSocket upgrade: clients such as the JDK's offer HTTP/2 ("Upgrade: h2c") on any plain request.
		String upgrade = request.getHeaders().getUpgrade();
		boolean websocket = upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
		return websocket || PATH.equals(normalized(request.getPath()));
	}

	/**
	 * The path as every matcher of this service sees it, whatever the client's spelling: each segment percent-decoded
	 * and stripped of {@code ;parameters}, empty and {@code .} segments dropped, {@code ..} applied, lower case, no
	 * trailing slash.
	 */
	static String normalized(RequestPath path) {
		Deque<String> segments = new ArrayDeque<>();
		for (PathContainer.Element element : path.pathWithinApplication().elements()) {
			if (!(element instanceof PathContainer.PathSegment segment)) {
				continue;
			}
			String value = segment.valueToMatch();
			if (value.isEmpty() || value.equals(".")) {
				continue;
			}
			if (value.equals("..")) {
				segments.pollLast();
				continue;
			}
			segments.addLast(value.toLowerCase(Locale.ROOT));
		}
		return "/" + String.join("/", segments);
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
