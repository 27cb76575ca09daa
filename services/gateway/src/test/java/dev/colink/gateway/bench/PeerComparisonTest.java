package dev.colink.gateway.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of ratios from two results in the peer's JSON shape (no stack needed). */
class PeerComparisonTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What the peer's bench.mjs writes, trimmed: CPU as percent of one core per process. */
	private static final String PEER = """
			{"meta": {"date": "2026-12-07T10:00:00Z", "cpus": 2, "ejabberd": "23.01-1",
			          "cfg": {"rates": [200, 400, 1000], "stepSecs": 10, "roomSizes": [100, 1000]}},
			 "a": {"steps": [
			   {"target": 200, "achieved": 200, "lost": 0, "latency": {"p99": 3.0}, "cpu": {"machine": 20.0, "client": 5.0}, "pass": true},
			   {"target": 400, "achieved": 400, "lost": 0, "latency": {"p99": 3.5}, "cpu": {"machine": 40.0, "client": 10.0}, "pass": true},
			   {"target": 1000, "achieved": 1000, "lost": 0, "latency": {"p99": 4.0}, "cpu": {"machine": 100.0, "client": 25.0}, "pass": true}],
			   "maxSustainedRate": 1000},
			 "b": [{"occupants": 100, "allReceived": {"p50": 4.5, "p99": 10.3}},
			       {"occupants": 1000, "allReceived": {"p50": 37.6, "p99": 54.0}}],
			 "c": {"latency": {"p50": 2.0, "p99": 12.0}}}
			""";

	/** This benchmark's JSON, trimmed: 400/s passed on the retry, 1000/s failed twice. */
	private static final String COLINK = """
			{"meta": {"date": "2026-12-07T10:30:00Z", "cpus": 2, "cpuModel": "AMD EPYC", "cfg": {"p99LimitMs": 100}},
			 "a": {"steps": [
			   {"target": 200, "achieved": 200, "latency": {"p99": 40.0}, "cpu": {"percentOfOneCore": {"client": 20.0, "machine": 120.0}}, "pass": true},
			   {"target": 400, "achieved": 400, "latency": {"p99": 150.0}, "cpu": {"percentOfOneCore": {"client": 30.0, "machine": 190.0}}, "pass": false},
			   {"target": 400, "achieved": 400, "latency": {"p99": 90.0}, "cpu": {"percentOfOneCore": {"client": 30.0, "machine": 180.0}}, "pass": true},
			   {"target": 1000, "achieved": 700, "latency": {"p99": 900.0}, "cpu": {"percentOfOneCore": {"client": 40.0, "machine": 200.0}}, "pass": false}],
			   "maxSustainedRate": 400},
			 "b": [{"occupants": 100, "allReceived": {"p50": 45.0, "p99": 103.0}}],
			 "c": {"latency": {"p50": 10.0, "p99": 24.0}}}
			""";

	@Test
	void theCommonRateIsTheHighestBothPassed() {
		assertThat(PeerComparison.commonRate(read(COLINK).path("a"), read(PEER).path("a"))).isEqualTo(400);
	}

	@Test
	void eachMeasureHasBothSidesTheirRatioAndTheBetterSide() {
		String table = PeerComparison.markdown(read(COLINK), read(PEER));

		assertThat(table).contains("| 1:1 sustained at p99 ≤ 100 ms (msgs/s) | 400 | 1,000 | 0.40 | ejabberd (2.5×) |");
		// at 400/s: Colink's passing attempt, 180 % of a core / 400 msgs/s = 4.5 ms; the peer's 40 % / 400 = 1 ms
		assertThat(table).contains("| CPU per message, whole box, at 400 msgs/s (ms) | 4.50 | 1.00 | 4.50 | ejabberd (4.5×) |");
		assertThat(table).contains("| CPU per message, box without the load client, at 400 msgs/s (ms) | 3.75 | 0.75 | 5.00 | ejabberd (5.0×) |");
		assertThat(table).contains("| sequential, p50 (ms) | 10.00 | 2.00 | 5.00 | ejabberd (5.0×) |");
		assertThat(table).contains("| fan-out to 100, until all have it, p99 (ms) | 103 | 10.30 | 10.00 | ejabberd (10.0×) |");
		// a room size only one side ran is left out
		assertThat(table).doesNotContain("fan-out to 1,000");
	}

	@Test
	void aSideThatIsBetterIsNamed() {
		String faster = COLINK.replace("\"p50\": 10.0, \"p99\": 24.0", "\"p50\": 1.0, \"p99\": 6.0");

		assertThat(PeerComparison.markdown(read(faster), read(PEER)))
			.contains("| sequential, p99 (ms) | 6.00 | 12.00 | 0.50 | Colink (2.0×) |");
	}

	private static JsonNode read(String json) {
		return JSON.readTree(json);
	}

}
