package dev.colink.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import dev.colink.gateway.GatewayRefusals;
import dev.colink.gateway.edge.ClientAddresses;

/**
 * Every routed request takes a token from its client IP's bucket and, when it carries a valid token (security has
 * run before any gateway filter), from its user's bucket too. An empty bucket refuses the request before it is
 * routed: {@code 429} problem {@code rate_limited} with {@code Retry-After}. When Redis fails or is slow the
 * request goes through unlimited: the rate limit must not take the gateway down with Redis.
 */
class RateLimitFilter implements GlobalFilter, Ordered {

	private static final Log logger = LogFactory.getLog(RateLimitFilter.class);

	private static final long ALLOWED = 0;

	private final RateLimiter<?> userLimiter;

	private final RateLimitProperties.Limit userLimit;

	private final RateLimiter<?> ipLimiter;

	private final RateLimitProperties.Limit ipLimit;

	private final Duration redisTimeout;

	private final GatewayRefusals refusals;

	RateLimitFilter(RateLimiter<?> userLimiter, RateLimitProperties.Limit userLimit, RateLimiter<?> ipLimiter,
			RateLimitProperties.Limit ipLimit, Duration redisTimeout, GatewayRefusals refusals) {
		this.userLimiter = userLimiter;
		this.userLimit = userLimit;
		this.ipLimiter = ipLimiter;
		this.ipLimit = ipLimit;
		this.redisTimeout = redisTimeout;
		this.refusals = refusals;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Mono<Long> byIp = check(this.ipLimiter, this.ipLimit, "ip", clientIp(exchange));
		Mono<Long> byUser = exchange.getPrincipal()
			.ofType(JwtAuthenticationToken.class)
			.flatMap((user) -> check(this.userLimiter, this.userLimit, "user", user.getToken().getSubject()))
			.defaultIfEmpty(ALLOWED);
		return Mono.zip(byIp, byUser, Math::max)
			.flatMap((retryAfter) -> (retryAfter == ALLOWED) ? chain.filter(exchange) : refuse(exchange, retryAfter));
	}

	@Override
	public int getOrder() {
		return 0; // before the request is routed (route-to-URL is 10000, the proxy itself last)
	}

	/** {@link #ALLOWED}, or the seconds to wait when the bucket is empty. */
	private Mono<Long> check(RateLimiter<?> limiter, RateLimitProperties.Limit limit, String bucket, String key) {
		// The bucket's name takes the place of a route id: one bucket per user (per IP) over all routes.
		// Subscribed off the event loop: while no Redis connection is up, Spring Data Redis opens one blocking.
		return Mono.defer(() -> limiter.isAllowed(bucket, key))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.redisTimeout)
			.map((response) -> response.isAllowed() ? ALLOWED : limit.retryAfterSeconds())
			.onErrorResume((ex) -> {
				logger.warn("Rate limit not applied, Redis failed or was too slow: " + ex);
				return Mono.just(ALLOWED);
			});
	}

	private static String clientIp(ServerWebExchange exchange) {
		// Resolved once at the edge: the socket's peer, or what a trusted proxy in front reports (EdgeFilter).
		return ClientAddresses.of(exchange);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, long retryAfterSeconds) {
		this.refusals.rateLimited();
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		String body = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
				+ "\"detail\":\"Request rate limit exceeded; retry in " + retryAfterSeconds + " s.\","
				+ "\"code\":\"rate_limited\"}";
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
	}

}
