package dev.colink.authproxy;

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

		assertThat(scrape).contains("colink_login_step_seconds_bucket{step=\"password\"",
				"colink_login_step_seconds_bucket{step=\"code\"",
				"colink_login_step_seconds_bucket{step=\"token\"",
				"colink_login_step_seconds_bucket{step=\"refresh\"",
				"colink_login_step_seconds_bucket{step=\"logout\"",
				"colink_request_limit_refused_total{limit=\"server\"}");
	}

}
