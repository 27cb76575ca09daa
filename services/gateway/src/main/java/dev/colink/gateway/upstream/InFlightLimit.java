package dev.colink.gateway.upstream;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.colink.gateway.GatewayRefusals;

/**
 * A bound on the HTTP requests the gateway holds at once, whatever they wait for (a token check, the rate limiter,
 * a connection, an answer). Each one holds its connection, headers and body on the heap, so this bound is the bound
 * on what a flood can take of it; one more is answered at once {@code 503 overloaded} with {@code Retry-After}, never
 * routed. WebSocket upgrades are not counted: a socket lasts as long as its client stays (realtime-gateway bounds
 * them), and health probes are never refused. Right after {@code EdgeFilter}, before security.
 */
class InFlightLimit implements WebFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(InFlightLimit.class);

	private final AtomicInteger inFlight = new AtomicInteger();

	private final int max;

	private final GatewayRefusals refusals;

	InFlightLimit(int max) {
		this(max, GatewayRefusals.detached());
	}

	InFlightLimit(int max, GatewayRefusals refusals) {
		this.max = max;
		this.refusals = refusals;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	/** Requests held now. */
	int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * A WebSocket handshake on the socket's own path. Any other request counts, whatever it claims: an {@code Upgrade}
	 * header alone (an {@code h2c} offer, or {@code websocket} on another path) does not take a request out of the
	 * bound.
	 */
	private static boolean isSocket(ServerHttpRequest request) {
		return "websocket".equalsIgnoreCase(request.getHeaders().getFirst(HttpHeaders.UPGRADE))
				&& request.getPath().value().equals("/v1/realtime");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isSocket(exchange.getRequest()) || exchange.getRequest().getPath().value().startsWith("/actuator/")) {
			return chain.filter(exchange);
		}
		if (this.inFlight.incrementAndGet() > this.max) {
			this.inFlight.decrementAndGet();
			this.refusals.inFlight();
			log.debug("{} {} answered 503 overloaded: {} requests in flight", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), this.max);
			return UpstreamProblems.refuse(exchange.getResponse(), "overloaded");
		}
		return chain.filter(exchange).doFinally((signal) -> this.inFlight.decrementAndGet());
	}

}
