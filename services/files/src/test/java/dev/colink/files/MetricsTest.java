package dev.colink.files;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.PrometheusScrape;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's meters on its own port, without a token, as Prometheus scrapes them (docs/operations.md, Metrics). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTest {

	@LocalServerPort
	int port;

	@Test
	void theScrapeListsTheServicesMeters() throws Exception {
		String scrape = PrometheusScrape.of(this.port);

		assertThat(scrape).contains("colink_scan_queue_depth_files ",
				"colink_scan_seconds_bucket{verdict=\"scanned\"",
				"colink_scan_seconds_bucket{verdict=\"infected\"",
				"colink_scan_seconds_bucket{verdict=\"failed\"",
				"colink_outbox_backlog_rows ",
				"colink_outbox_oldest_age_seconds ",
				"colink_request_limit_waiting{limit=\"server\"}");
		assertThat(scrape).as("the queue's depth is read from the database")
			.doesNotContain("colink_scan_queue_depth_files NaN");
	}

}
