package dev.colink.files;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's meters on its own port, without a token, as Prometheus scrapes them (docs/operations.md, Metrics). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTest {

	@LocalServerPort
	int port;

	@Test
	void theScrapeListsTheServicesMeters() throws Exception {
		HttpResponse<String> scrape = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
		assertThat(scrape.body()).contains("colink_scan_queue_depth_files ",
				"colink_scan_seconds_bucket{verdict=\"scanned\"",
				"colink_scan_seconds_bucket{verdict=\"infected\"",
				"colink_scan_seconds_bucket{verdict=\"failed\"",
				"colink_outbox_backlog_rows ",
				"colink_outbox_oldest_age_seconds ",
				"colink_request_limit_waiting{limit=\"server\"}");
		assertThat(scrape.body()).as("the queue's depth is read from the database")
			.doesNotContain("colink_scan_queue_depth_files NaN");
	}

}
