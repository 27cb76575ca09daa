package dev.colink.gateway.ratelimit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colink.gateway.GatewayRefusals;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnBooleanProperty(name = "colink.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	@Bean
	RateLimitFilter rateLimitFilter(RateLimitProperties properties, ApplicationContext context,
			GatewayRefusals refusals) {
		return new RateLimitFilter(limiter(properties.perUser(), context), properties.perUser(),
				limiter(properties.perIp(), context), properties.perIp(), properties.redisTimeout(), refusals);
	}

	/**
	 * Spring Cloud Gateway's token bucket (one atomic Lua script in Redis), with this limit as its default. Not a
	 * bean: two RateLimiter beans would make the gateway's own RequestRateLimiter filter factory ambiguous.
	 */
	private static RedisRateLimiter limiter(RateLimitProperties.Limit limit, ApplicationContext context) {
		RedisRateLimiter limiter = new RedisRateLimiter(limit.replenishRate(), limit.burstCapacity(),
				limit.requestedTokens());
		limiter.setIncludeHeaders(false);
		limiter.setApplicationContext(context); // picks up Redis and the gateway's rate limiter script
		return limiter;
	}

}
