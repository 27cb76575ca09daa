package dev.colink.gateway.upstream;

import java.time.Duration;
import java.util.List;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colink.gateway.GatewayRefusals;

/**
 * The connection pool of each service's HTTP routes, with a bounded queue in front of it. Spring Cloud Gateway builds
 * a fixed pool with an unbounded pending-acquire queue: beyond a service's capacity every request waited there, its
 * exchange and body held on the heap, for the whole acquire timeout, and at 1,300 posts/s the gateway's heap filled
 * until it died. Here at most {@code maxPendingAcquires} requests wait for a connection to one service, each for at
 * most the pool's {@code acquire-timeout}; the rest are refused at once ({@code PoolAcquirePendingLimitException}),
 * which {@link UpstreamProblems} answers {@code 503 overloaded} with {@code Retry-After}. Such a request never
 * reached the service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamPools.Properties.class)
class UpstreamPools {

	/**
	 * @param maxPendingAcquires requests allowed to wait for a connection to one service (per pool); more are
	 * refused at once
	 * @param maxInFlight HTTP requests the gateway holds at once over all routes ({@link InFlightLimit})
	 */
	@ConfigurationProperties("colink.gateway.upstream")
	record Properties(@DefaultValue("256") int maxPendingAcquires, @DefaultValue("2048") int maxInFlight) {
	}

	@Bean
	InFlightLimit inFlightLimit(Properties upstream, GatewayRefusals refusals) {
		return new InFlightLimit(upstream.maxInFlight(), refusals);
	}

	/** Replaces the gateway's own factory (it backs off when one is defined); only the fixed pool changes. */
	@Bean
	HttpClientFactory boundedPoolHttpClientFactory(HttpClientProperties properties, ServerProperties server,
			HttpClientSslConfigurer ssl, List<HttpClientCustomizer> customizers, Properties upstream) {
		return new HttpClientFactory(properties, server, ssl, customizers) {

			@Override
			protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
				HttpClientProperties.Pool pool = properties.getPool();
				if (pool.getType() != HttpClientProperties.Pool.PoolType.FIXED) {
					return super.buildConnectionProvider(properties);
				}
				return boundedPool(pool, upstream.maxPendingAcquires());
			}

		};
	}

	/** Spring Cloud Gateway's fixed pool, with the pending-acquire queue bounded. */
	static ConnectionProvider boundedPool(HttpClientProperties.Pool pool, int maxPendingAcquires) {
		ConnectionProvider.Builder builder = ConnectionProvider.builder(pool.getName())
			.maxConnections(pool.getMaxConnections())
			.pendingAcquireMaxCount(maxPendingAcquires)
			.pendingAcquireTimeout(Duration.ofMillis(pool.getAcquireTimeout()))
			.evictInBackground(pool.getEvictionInterval())
			.metrics(pool.isMetrics());
		if (pool.getMaxIdleTime() != null) {
			builder.maxIdleTime(pool.getMaxIdleTime());
		}
		if (pool.getMaxLifeTime() != null) {
			builder.maxLifeTime(pool.getMaxLifeTime());
		}
		if (pool.getLeasingStrategy() == HttpClientProperties.Pool.LeasingStrategy.FIFO) {
			builder.fifo();
		}
		else {
			builder.lifo();
		}
		return builder.build();
	}

}
