package dev.colink.security.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A service's {@code /actuator/prometheus} as Prometheus scrapes it: its own port, no token (docs/operations.md). */
public final class PrometheusScrape {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private PrometheusScrape() {
	}

	/** The scrape's text, which must have been answered 200. */
	public static String of(int port) throws IOException, InterruptedException {
		HttpResponse<String> scrape = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
		return scrape.body();
	}

}
