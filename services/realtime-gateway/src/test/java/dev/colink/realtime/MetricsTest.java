package dev.colink.realtime;

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

		assertThat(scrape).contains("colink_realtime_sockets ",
				"colink_realtime_send_queue_depth_frames ",
				"colink_realtime_frames_sent_frames_total ",
				"colink_realtime_slow_consumer_closes_total ",
				"colink_realtime_resumes_total ",
				"colink_realtime_resyncs_total ",
				"colink_realtime_journal_script_seconds_count{script=\"claim_and_record\"}",
				"colink_realtime_journal_script_seconds_count{script=\"record_slice\"}",
				"colink_realtime_journal_script_seconds_count{script=\"claimed\"}",
				"colink_realtime_fanout_seconds_bucket",
				"colink_realtime_delivery_latency_seconds_bucket",
				"colink_kafka_consumer_lag_records{group=\"realtime-gateway\",topic=\"colink.messages\"}",
				"colink_kafka_consumer_lag_records{group=\"realtime-gateway\",topic=\"colink.presence\"}");
	}

}
