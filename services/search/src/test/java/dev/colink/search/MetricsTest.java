package dev.colink.search;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.PrometheusScrape;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's meters on its own port, without a token, as Prometheus scrapes them (docs/operations.md, Metrics).
 * The indexer's consumer group is its listener's id, {@code message-indexer}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTest {

	@LocalServerPort
	int port;

	@Test
	void theScrapeListsTheServicesMeters() throws Exception {
		String scrape = PrometheusScrape.of(this.port);

		assertThat(scrape).contains("colink_search_query_seconds_bucket",
				"colink_search_index_lag_seconds_bucket",
				"colink_kafka_consumer_lag_records{group=\"message-indexer\",topic=\"colink.messages\"}",
				"colink_request_limit_running{limit=\"server\"}");
	}

}
