package dev.colink.gateway.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's metrics are on its management port, never on the public one, where the health probes stay as they
 * were. The gateway runs here against the real servers of the running stack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void thePublicPortDoesNotServeTheMetrics() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		HttpResponse<String> scrape = get(this.port, "/actuator/prometheus");

		assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(404);
		JsonNode problem = JSON.readTree(scrape.body());
		assertThat(problem.path("status").asInt()).isEqualTo(404);
		assertThat(problem.path("code").asString()).isEqualTo("not_found");
		assertThat(scrape.body()).doesNotContain("colink_");
	}

	@Test
	void thePublicPortKeepsItsHealthProbes() throws Exception {
		HttpResponse<String> health = get(this.port, "/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).propertyNames()).containsOnly("status", "groups");
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			HttpResponse<String> answer = get(this.port, probe);
			assertThat(answer.statusCode()).as(probe + ": " + answer.body()).isEqualTo(200);
			assertThat(JSON.readTree(answer.body()).path("status").asString()).isEqualTo("UP");
		}
		assertThat(get(this.port, "/actuator/health/nothing").statusCode()).isEqualTo(404);
	}

	@Test
	void theManagementPortServesTheGatewaysMeters() throws Exception {
		HttpResponse<String> scrape = get(this.managementPort, "/actuator/prometheus");

		assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
		assertThat(scrape.body()).contains("colink_gateway_rate_limit_refusals_total",
				"colink_gateway_refusals_total{reason=\"in_flight\"}", "colink_gateway_refusals_total{reason=\"pool\"}",
				"colink_gateway_refusals_total{reason=\"unavailable\"}", "jvm_memory_used_bytes");
		assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
