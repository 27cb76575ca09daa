package dev.colink.gateway.upstream;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import dev.colink.gateway.GatewayRefusals;

/**
 * A service behind the gateway that cannot take a request is {@code 503} with a problem body and
 * {@code Retry-After}, never a 500: {@code overloaded} when every pooled connection to it stayed busy for the
 * pool's acquire timeout or found its queue of waiting requests full ({@link UpstreamPools}), {@code unavailable}
 * when it refuses connections (down or restarting). Either way the request never reached the service, so a retry
 * is safe. ({@link InFlightLimit} refuses the same way before a request is even routed.) An upstream that does not
 * answer within the response timeout is {@code 504 upstream_timeout} (common-security's {@code ReactiveProblems}):
 * that request may have been carried out, and a retry with the same idempotency key answers with what it made.
 * Runs before Boot's error handler.
 */
@Component
@Order(-3)
class UpstreamProblems implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(UpstreamProblems.class);

	/** Reactor Netty's pool refusals, by simple name: their package is shaded and internal. */
	private static final Set<String> POOL_EXHAUSTED = Set.of("PoolAcquireTimeoutException",
			"PoolAcquirePendingLimitException");

	private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Refusals not yet counted in a log line. */
	private final AtomicLong unlogged = new AtomicLong();

	private final AtomicLong loggedAt = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

	private final GatewayRefusals refusals;

	UpstreamProblems(GatewayRefusals refusals) {
		this.refusals = refusals;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		String code = classify(ex);
		ServerHttpResponse response = exchange.getResponse();
		if (code == null || response.isCommitted()) {
			return Mono.error(ex);
		}
		this.refusals.upstream(code);
		this.unlogged.incrementAndGet();
		long now = System.nanoTime();
		long last = this.loggedAt.get();
		if (now - last >= LOG_INTERVAL_NANOS && this.loggedAt.compareAndSet(last, now)) {
			// One line a second at most: beyond capacity a line per refusal (hundreds a second) would itself cost
			// the CPU the gateway lacks.
			log.warn("{} {} answered 503 {}: {} ({} such refusals since the last line)", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), code, ex.toString(), this.unlogged.getAndSet(0));
		}
		return refuse(response, code);
	}

	/** The 503 problem body with {@code code} ({@code overloaded} or {@code unavailable}) and {@code Retry-After}. */
	static Mono<Void> refuse(ServerHttpResponse response, String code) {
		String detail = code.equals("overloaded") ? "The service is busy; retry in a moment"
				: "The service is unreachable for a moment; retry shortly";
		byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
				+ detail + "\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().set("Retry-After", "1");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/** {@code overloaded}, {@code unavailable}, or null for a failure this handler leaves to others. */
	static String classify(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (POOL_EXHAUSTED.contains(cause.getClass().getSimpleName())) {
				return "overloaded";
			}
			if (cause instanceof ConnectException) {
				return "unavailable";
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
