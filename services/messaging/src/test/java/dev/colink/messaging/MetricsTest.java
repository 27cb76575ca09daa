package dev.colink.messaging;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.PrometheusScrape;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The service's meters on its own port, without a token, as Prometheus scrapes them (docs/operations.md, Metrics). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTest {

	private static final String POSTED_DMS = "colink_messages_posted_messages_total{kind=\"dm\"}";

	@LocalServerPort
	int port;

	@Test
	void theScrapeListsTheServicesMeters() throws Exception {
		String scrape = PrometheusScrape.of(this.port);

		assertThat(scrape).contains(POSTED_DMS, "colink_messages_posted_messages_total{kind=\"channel\"}",
				"colink_messages_posted_messages_total{kind=\"reply\"}", "colink_outbox_backlog_rows ",
				"colink_outbox_oldest_age_seconds ", "colink_request_limit_running{limit=\"server\"}",
				"colink_request_limit_waiting{limit=\"server\"}", "colink_request_limit_refused_total{limit=\"server\"}",
				"hikaricp_connections_active", "jvm_memory_used_bytes");
	}

	@Test
	void aPostIsCountedOnceWhateverItsRetries() throws Exception {
		SignedInUser alice = SignedInUsers.create("metrics-alice");
		SignedInUser bob = SignedInUsers.create("metrics-bob");
		try {
			ApiClient api = new ApiClient("http://127.0.0.1:" + this.port);
			double before = value(PrometheusScrape.of(this.port), POSTED_DMS);
			String post = json("recipientId", bob.id(), "text", "counted once", "idempotencyKey",
					UUID.randomUUID().toString());

			api.post("/v1/messages", alice.accessToken(), post).expect(201);
			api.post("/v1/messages", alice.accessToken(), post).expect(201);

			assertThat(value(PrometheusScrape.of(this.port), POSTED_DMS)).isEqualTo(before + 1);
		}
		finally {
			SignedInUsers.delete(alice);
			SignedInUsers.delete(bob);
		}
	}

	private static double value(String scrape, String series) {
		return scrape.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
	}

}
