package dev.colink.files;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service boots against the real servers of the running stack and reports itself ready. It asks for no scans:
 * the stack's own files service does, and the outage tests count on its settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "colink.files.scanner.dispatch=false")
class FilesApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void bootsAndIsReadyWithItsDependencies() throws Exception {
		HttpResponse<String> readiness = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"kafka\"")
			.contains("\"objectStore\"");
	}

}
