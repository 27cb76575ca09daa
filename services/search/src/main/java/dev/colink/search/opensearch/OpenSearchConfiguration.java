package dev.colink.search.opensearch;

import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenSearch client: Apache HttpClient 5 with a pool of keep-alive connections (the transport's own pooling
 * connection manager) and a Jackson 2 mapper for documents. The transport owns the connections and is closed
 * with the context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenSearchProperties.class)
class OpenSearchConfiguration {

	private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(2);

	/** Longest wait for a response; searches take milliseconds, bulk requests of a catch-up a few seconds. */
	private static final Timeout RESPONSE_TIMEOUT = Timeout.ofSeconds(30);

	/** Connections idle longer than this are closed, before any proxy or the server drops them silently. */
	private static final TimeValue MAX_IDLE = TimeValue.ofMinutes(1);

	@Bean(destroyMethod = "close")
	OpenSearchTransport openSearchTransport(OpenSearchProperties properties) {
		HttpHost host = new HttpHost(properties.url().getScheme(), properties.url().getHost(), properties.url().getPort());
		ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host)
			.setMapper(new JacksonJsonpMapper())
			.setConnectionConfigCallback(connection -> connection.setConnectTimeout(CONNECT_TIMEOUT)
				.setSocketTimeout(RESPONSE_TIMEOUT))
			.setRequestConfigCallback(request -> request.setResponseTimeout(RESPONSE_TIMEOUT))
			.setHttpClientConfigCallback(client -> client.evictIdleConnections(MAX_IDLE).evictExpiredConnections());
		String path = properties.url().getPath();
		if (path != null && !path.isEmpty() && !path.equals("/")) {
			builder.setPathPrefix(path);
		}
		return builder.build();
	}

	@Bean
	OpenSearchClient openSearchClient(OpenSearchTransport openSearchTransport) {
		return new OpenSearchClient(openSearchTransport);
	}

	@Bean
	OpenSearchHealthIndicator opensearchHealthIndicator(OpenSearchClient openSearchClient) {
		return new OpenSearchHealthIndicator(openSearchClient);
	}

}
