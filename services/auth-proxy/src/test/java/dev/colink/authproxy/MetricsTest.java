package dev.colink.authproxy;

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
		assertThat(scrape.body()).contains("colink_login_step_seconds_bucket{step=\"password\"",
				"colink_login_step_seconds_bucket{step=\"code\"",
				"colink_login_step_seconds_bucket{step=\"token\"",
				"colink_login_step_seconds_bucket{step=\"refresh\"",
				"colink_login_step_seconds_bucket{step=\"logout\"",
				"colink_request_limit_refused_total{limit=\"server\"}");
	}

}
