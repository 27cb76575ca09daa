package dev.colink.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/observability as Prometheus and Grafana read it: the Prometheus configuration and the alert rules load in
 * Prometheus's own checker ({@code promtool}, Debian's prometheus package, which {@code ./colink test} installs), the
 * rules fire on the examples of alerts-test.yml and only there, every service is scraped on its own port, and the
 * dashboard reads the provisioned data source and only meters of the naming convention (below), in expressions that
 * parse.
 */
class ObservabilityTest {

	static final Path OBSERVABILITY = Path.of("observability");

	private static final Path DASHBOARDS = OBSERVABILITY.resolve(Path.of("grafana", "dashboards"));

	/**
	 * The meters the dashboard and the alerts may read, as the services name them (Micrometer's dot names, prefix
	 * {@code colink.}, seconds), then Spring Boot's own and Prometheus's {@code up}; {@link #prometheusNames} turns
	 * them into the series Micrometer's Prometheus registry writes.
	 */
	private static final List<Meter> METERS = List.of(
			// messaging, threads
			counter("colink.messages.posted", "messages"),
			// every service that writes events
			gauge("colink.outbox.backlog", "rows"), gauge("colink.outbox.oldest.age", "seconds"),
			counter("colink.outbox.relayed", "events"),
			// search-indexer, realtime-gateway: per instance, a group's lag is the sum over its instances
			gauge("colink.kafka.consumer.lag", "records"),
			// realtime-gateway
			gauge("colink.realtime.sockets", null), counter("colink.realtime.frames.sent", "frames"),
			gauge("colink.realtime.send.queue.depth", "frames"), counter("colink.realtime.slow.consumer.closes", null),
			counter("colink.realtime.resumes", null), counter("colink.realtime.resyncs", null),
			timer("colink.realtime.journal.script"), histogram("colink.realtime.fanout"),
			histogram("colink.realtime.delivery.latency"),
			// search, files, auth-proxy
			histogram("colink.search.index.lag"), histogram("colink.search.query"), gauge("colink.scan.queue.depth", "files"),
			histogram("colink.scan"), histogram("colink.login.step"),
			// RequestLimit in every servlet service, the gateway's refusals
			gauge("colink.request.limit.running", null), gauge("colink.request.limit.waiting", null),
			counter("colink.request.limit.refused", null), counter("colink.gateway.rate.limit.refusals", null),
			counter("colink.gateway.refusals", null),
			// Spring Boot's
			timer("http.server.requests"), gauge("process.cpu.usage", null), gauge("system.cpu.count", null),
			gauge("jvm.memory.used", "bytes"), gauge("jvm.threads.live", "threads"), timer("jvm.gc.pause"),
			gauge("hikaricp.connections.active", null), gauge("hikaricp.connections.pending", null),
			// Prometheus's, for every target
			new Meter("up", Kind.RAW, null));

	@Test
	void thePrometheusConfigurationAndTheAlertRulesLoad() throws Exception {
		Result config = promtool("check", "config", "prometheus.yml");
		assertThat(config.exitCode()).as(config.output()).isZero();
		Result rules = promtool("check", "rules", "alerts.yml");
		assertThat(rules.exitCode()).as(rules.output()).isZero();
	}

	@Test
	void theAlertsFireOnTheirExamplesAndOnlyThere() throws Exception {
		Result test = promtool("test", "rules", "alerts-test.yml");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
		Set<String> tested = new TreeSet<>();
		Matcher alertName = Pattern.compile("alertname: (\\w+)").matcher(read(OBSERVABILITY.resolve("alerts-test.yml")));
		while (alertName.find()) {
			tested.add(alertName.group(1));
		}
		assertThat(tested).as("every alert has an example").isEqualTo(alerts().keySet());
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyServiceIsScrapedOnItsOwnPortAndTheGatewayNotOnItsPublicOne() throws IOException {
		Map<String, Object> config = new Yaml().load(read(OBSERVABILITY.resolve("prometheus.yml")));
		List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
		assertThat(jobs).extracting((job) -> job.get("job_name")).containsExactly("colink");
		assertThat(jobs.get(0)).containsEntry("metrics_path", "/actuator/prometheus");
		Map<String, String> targets = scrapeTargets();
		assertThat(targets.keySet()).containsExactlyInAnyOrderElementsOf(DockerComposeTest.serviceModules());
		Map<String, Map<String, Object>> compose = (Map<String, Map<String, Object>>) new Yaml()
			.<Map<String, Object>>load(read(Path.of("docker-compose.yml")))
			.get("services");
		targets.forEach((service, target) -> {
			String port = (String) ((Map<String, Object>) compose.get(service).get("environment")).get("SERVER_PORT");
			if (service.equals("gateway")) {
				assertThat(target).as("the gateway's public port serves no metrics").startsWith("gateway:")
					.isNotEqualTo("gateway:" + port);
			}
			else {
				assertThat(target).isEqualTo(service + ":" + port);
			}
		});
		gatewayManagementPort().ifPresent((port) -> assertThat(targets.get("gateway")).isEqualTo("gateway:" + port));
	}

	@Test
	void theDashboardReadsTheProvisionedPrometheus() throws IOException {
		Map<String, Object> provisioned = new Yaml()
			.load(read(OBSERVABILITY.resolve(Path.of("grafana", "provisioning", "datasources", "colink.yml"))));
		@SuppressWarnings("unchecked")
		Map<String, Object> datasource = ((List<Map<String, Object>>) provisioned.get("datasources")).get(0);
		assertThat(datasource).containsEntry("type", "prometheus");
		for (Path file : dashboards()) {
			JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
			assertThat(dashboard.path("uid").asText()).as(file + " has a fixed uid").isNotBlank();
			List<JsonNode> sources = dashboard.findValues("datasource");
			assertThat(sources).as(file.toString()).isNotEmpty().allSatisfy((source) -> {
				assertThat(source.path("type").asText()).isEqualTo("prometheus");
				assertThat(source.path("uid").asText()).isEqualTo(datasource.get("uid"));
			});
			for (JsonNode panel : panels(dashboard)) {
				if (!panel.path("type").asText().equals("row")) {
					assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
				}
			}
		}
	}

	/** The expressions parse (as recording rules, which promtool parses with Prometheus's own PromQL parser). */
	@Test
	void theDashboardsExpressionsParse(@TempDir Path dir) throws Exception {
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		List<String> expressions = dashboardExpressions();
		for (int i = 0; i < expressions.size(); i++) {
			rules.append("      - record: dashboard_expression_").append(i).append("\n        expr: ")
				.append(new ObjectMapper().writeValueAsString(expressions.get(i).replace("$service", ".+")))
				.append('\n');
		}
		Path file = dir.resolve("dashboard-rules.yml");
		Files.writeString(file, rules);
		Result check = promtool("check", "rules", file.toAbsolutePath().toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + expressions.size() + " rules found");
	}

	@Test
	void theDashboardAndTheAlertsReadOnlyMetersOfTheConvention() throws IOException {
		Set<String> known = METERS.stream().flatMap(ObservabilityTest::prometheusNames).collect(Collectors.toSet());
		List<String> expressions = new ArrayList<>(dashboardExpressions());
		expressions.addAll(alerts().values());
		Set<String> read = new TreeSet<>();
		for (String expression : expressions) {
			Set<String> metrics = metricNames(expression);
			assertThat(metrics).as(expression).isNotEmpty();
			read.addAll(metrics);
		}
		assertThat(read).as("series outside the convention").isSubsetOf(known);
	}

	/**
	 * Against the running stack ({@code ./colink test}): every target of prometheus.yml, at 127.0.0.1, serves its
	 * metrics, and every Colink series the services write is one this convention knows, so that a renamed meter
	 * shows here rather than as an empty panel.
	 */
	@Test
	void theRunningServicesServeOnlyMetersOfTheConvention() throws Exception {
		assumeTrue(System.getenv("COLINK_MESSAGING_URL") != null, "the stack's settings (./colink test)");
		Set<String> known = METERS.stream().flatMap(ObservabilityTest::prometheusNames).collect(Collectors.toSet());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		Set<String> served = new TreeSet<>();
		for (String target : scrapeTargets().values()) {
			String port = target.substring(target.indexOf(':') + 1);
			URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
			HttpResponse<String> scrape;
			try {
				scrape = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new AssertionError("No answer from " + uri + " (" + target + " in prometheus.yml)", ex);
			}
			assertThat(scrape.statusCode()).as(uri.toString()).isEqualTo(200);
			scrape.body().lines().filter((line) -> line.startsWith("colink_"))
				.forEach((line) -> served.add(line.split("[{ ]", 2)[0]));
		}
		assertThat(served).as("the services' Colink series").isNotEmpty().isSubsetOf(known);
	}

	/** Each service of prometheus.yml with its target, host:port. */
	@SuppressWarnings("unchecked")
	static Map<String, String> scrapeTargets() throws IOException {
		Map<String, Object> config = new Yaml().load(read(OBSERVABILITY.resolve("prometheus.yml")));
		Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
		Map<String, String> targets = new LinkedHashMap<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
			String service = ((Map<String, String>) group.get("labels")).get("service");
			targets.put(service, ((List<String>) group.get("targets")).get(0));
		}
		return targets;
	}

	/** The series the Prometheus registry writes for a meter (PrometheusNamingConvention). */
	static Stream<String> prometheusNames(Meter meter) {
		String name = meter.name().replace('.', '_');
		if (meter.baseUnit() != null && !name.endsWith("_" + meter.baseUnit())) {
			name += "_" + meter.baseUnit();
		}
		return switch (meter.kind()) {
			case RAW, GAUGE -> Stream.of(name);
			case COUNTER -> Stream.of(name + "_total");
			case TIMER -> Stream.of(name + "_count", name + "_sum", name + "_max");
			case HISTOGRAM -> Stream.of(name + "_count", name + "_sum", name + "_max", name + "_bucket");
		};
	}

	/** The metric names a PromQL expression reads: identifiers outside strings, label matchers and label lists. */
	static Set<String> metricNames(String expression) {
		String bare = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*)\\b(?!\\s*\\()").matcher(bare);
		while (identifier.find()) {
			String word = identifier.group(1);
			if (!Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
					"offset").contains(word)) {
				names.add(word);
			}
		}
		return names;
	}

	static List<Path> dashboards() throws IOException {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			List<Path> json = files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
			assertThat(json).isNotEmpty();
			return json;
		}
	}

	private static List<String> dashboardExpressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		for (Path file : dashboards()) {
			JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
			for (JsonNode panel : panels(dashboard)) {
				panel.path("targets").forEach((target) -> expressions.add(target.path("expr").asText()));
			}
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				String query = variable.path("query").path("query").asText();
				Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*\\w+\\)").matcher(query);
				if (labelValues.matches()) {
					expressions.add(labelValues.group(1));
				}
			}
		}
		assertThat(expressions).isNotEmpty().doesNotContain("");
		return expressions;
	}

	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	/** Each alert of alerts.yml with its expression. */
	@SuppressWarnings("unchecked")
	static Map<String, String> alerts() throws IOException {
		Map<String, Object> file = new Yaml().load(read(OBSERVABILITY.resolve("alerts.yml")));
		Map<String, String> alerts = new TreeMap<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				alerts.put((String) rule.get("alert"), (String) rule.get("expr"));
			}
		}
		return alerts;
	}

	/**
	 * The gateway's management port (where it serves its metrics), when its configuration sets one: the default of
	 * {@code management.server.port} in the gateway's application YAML files.
	 */
	@SuppressWarnings("unchecked")
	static Optional<String> gatewayManagementPort() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("..", "services", "gateway", "src", "main", "resources"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).sorted().toList()) {
				for (Object document : new Yaml().loadAll(read(file))) {
					Object port = Optional.ofNullable((Map<String, Object>) document)
						.map((root) -> (Map<String, Object>) root.get("management"))
						.map((management) -> (Map<String, Object>) management.get("server"))
						.map((server) -> server.get("port"))
						.orElse(null);
					if (port != null) {
						Matcher placeholder = Pattern.compile("\\$\\{[^:}]+:(\\d+)}").matcher(port.toString());
						return Optional.of(placeholder.matches() ? placeholder.group(1) : port.toString());
					}
				}
			}
		}
		return Optional.empty();
	}

	/** Runs promtool in deploy/observability (the rule files are named relative to it). */
	static Result promtool(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(OBSERVABILITY.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
		return new Result(process.exitValue(), output);
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	private static Meter counter(String name, String baseUnit) {
		return new Meter(name, Kind.COUNTER, baseUnit);
	}

	private static Meter gauge(String name, String baseUnit) {
		return new Meter(name, Kind.GAUGE, baseUnit);
	}

	private static Meter timer(String name) {
		return new Meter(name, Kind.TIMER, "seconds");
	}

	/** A timer that publishes its histogram buckets (for percentiles across replicas). */
	private static Meter histogram(String name) {
		return new Meter(name, Kind.HISTOGRAM, "seconds");
	}

	enum Kind {

		RAW, GAUGE, COUNTER, TIMER, HISTOGRAM

	}

	record Meter(String name, Kind kind, String baseUnit) {
	}

	record Result(int exitCode, String output) {
	}

}
