package dev.colink.gateway.edge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The first thing every request meets on the public port, before security, routing or a WebSocket upgrade:
 * <ul>
 * <li>every {@code X-Colink-*} header is removed: those are the system's own (what services and the realtime
 * gateway trust between themselves), and no client may set one;</li>
 * <li>forwarding headers ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP}) are removed unless the peer
 * is a trusted proxy, and the client's address is resolved once ({@link ClientAddresses}) for the rate limit;</li>
 * <li>a body larger than {@code colink.gateway.edge.max-body-size} is refused with 413: by its
 * {@code Content-Length} before it is read, or, without one (chunked), as soon as the bytes read pass the limit.</li>
 * </ul>
 */
class EdgeFilter implements WebFilter, Ordered {

	private static final String INTERNAL_PREFIX = "x-colink-";

	private static final Set<String> FORWARDING = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
			"x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip");

	private final ClientAddresses addresses;

	private final long maxBodyBytes;

	EdgeFilter(ClientAddresses addresses, long maxBodyBytes) {
		this.addresses = addresses;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBodyBytes) {
			return Mono.error(tooLarge());
		}
		String client = this.addresses.resolve(request);
		exchange.getAttributes().put(ClientAddresses.ATTRIBUTE, client);
		boolean fromTrustedProxy = this.addresses.isTrusted(peerOf(request));
		List<String> removed = request.getHeaders()
			.headerNames()
			.stream()
			.filter((name) -> isInternal(name) || (!fromTrustedProxy && FORWARDING.contains(name.toLowerCase(Locale.ROOT))))
			.toList();
		boolean unbounded = declared < 0 && hasBody(request.getHeaders());
		if (removed.isEmpty() && !unbounded) {
			return chain.filter(exchange);
		}
		ServerHttpRequest cleaned = removed.isEmpty() ? request
				: request.mutate().headers((headers) -> removed.forEach(headers::remove)).build();
		ServerHttpRequest bounded = unbounded ? new BoundedBody(cleaned, this.maxBodyBytes) : cleaned;
		return chain.filter(exchange.mutate().request(bounded).build());
	}

	static boolean isInternal(String headerName) {
		return headerName.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length());
	}

	private static boolean hasBody(HttpHeaders headers) {
		return headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	private static String peerOf(ServerHttpRequest request) {
		return (request.getRemoteAddress() != null && request.getRemoteAddress().getAddress() != null)
				? request.getRemoteAddress().getAddress().getHostAddress() : null;
	}

	static ResponseStatusException tooLarge() {
		return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than allowed.");
	}

	/** A body without a declared length, failed with 413 once more bytes than allowed have been read. */
	private static final class BoundedBody extends ServerHttpRequestDecorator {

		private final long max;

		BoundedBody(ServerHttpRequest delegate, long max) {
			super(delegate);
			this.max = max;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong read = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (read.addAndGet(buffer.readableByteCount()) > this.max) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
