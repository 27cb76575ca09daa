package dev.colink.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/docker-compose.yml as docker-compose itself reads it ({@code docker-compose config}, the Debian package that
 * {@code ./colink test} installs), with the example .env: it validates, runs every service module of this repository
 * behind health checks, and refuses to start without its secrets.
 */
class DockerComposeTest {

	private static final List<String> INFRASTRUCTURE = List.of("postgres", "redis", "kafka", "opensearch", "minio",
			"keycloak", "clamav");

	private static Map<String, Map<String, Object>> services;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void resolve() throws Exception {
		Result config = compose("--env-file", ".env.example", "-f", "docker-compose.yml", "config");
		assertThat(config.exitCode()).as(config.output()).isZero();
		Map<String, Object> resolved = new Yaml().load(config.output());
		services = (Map<String, Map<String, Object>>) resolved.get("services");
	}

	@Test
	void everyServiceModuleRunsWithAHealthCheckAfterTheMigration() throws IOException {
		for (String module : serviceModules()) {
			assertThat(services).as("compose runs " + module).containsKey(module);
			Map<String, Object> service = services.get(module);
			assertThat((String) service.get("image")).as(module).endsWith("/" + module + ":0.1.0");
			assertThat(service).as(module + " has a health check").containsKey("healthcheck");
			assertThat(dependencies(module)).as(module).containsEntry("migrate", "service_completed_successfully");
			assertThat(environment(module)).as(module)
				.containsEntry("COLINK_INTERNAL_SECRET", "change-me-internal")
				.containsEntry("COLINK_KAFKA_BOOTSTRAP", "kafka:9092")
				.containsKey("SERVER_PORT");
		}
	}

	@Test
	void theGatewayWaitsForEveryServiceAndReachesEachByName() throws IOException {
		Map<String, Object> gateway = dependencies("gateway");
		Map<String, Object> environment = environment("gateway");
		for (String module : serviceModules()) {
			if (!module.equals("gateway")) {
				assertThat(gateway).as("gateway waits for " + module).containsEntry(module, "service_healthy");
				String port = (String) environment(module).get("SERVER_PORT");
				assertThat(environment).containsEntry("COLINK_" + module.toUpperCase().replace('-', '_') + "_URL",
						"http://" + module + ":" + port);
			}
		}
	}

	@Test
	void theInfrastructureRunsOnOfficialImagesBehindHealthChecks() {
		for (String server : INFRASTRUCTURE) {
			assertThat(services).as(server).containsKey(server);
			assertThat(services.get(server)).as(server).containsKey("healthcheck");
		}
		assertThat(services.get("migrate").get("volumes").toString()).contains("db/migration");
		assertThat(services.get("keycloak").get("volumes").toString()).contains("colink-realm.json");
	}

	@Test
	void theReceiversOfSignedInternalCallsWaitForRedisWhereTheirNoncesAreKept() {
		for (String receiver : List.of("files", "av-scanner")) {
			assertThat(dependencies(receiver)).as(receiver).containsEntry("redis", "service_healthy");
			assertThat(environment(receiver)).as(receiver).containsEntry("COLINK_REDIS_URL", "redis://redis:6379");
		}
	}

	@Test
	void clientsReachTheObjectStoreWhereFilesSignsItsUrlsFor() throws IOException {
		assertThat(services.get("minio").get("ports").toString()).contains("9000");
		assertThat(environment("files")).containsEntry("COLINK_S3_PUBLIC_ENDPOINT", "http://localhost:9000");
	}

	/**
	 * Each secret a service would otherwise take from its application.yml default (public, and refused outside the
	 * local stack) is set from deploy/.env, the Keycloak clients' secrets for the realm import too.
	 */
	@Test
	void everyServiceAndTheRealmImportTakeTheirSecretsFromTheEnvFile() {
		assertThat(environment("auth-proxy")).containsEntry("COLINK_AUTH_PROXY_CLIENT_SECRET", "change-me-auth-proxy")
			.containsEntry("COLINK_ADMIN_API_CLIENT_SECRET", "change-me-admin-api")
			.containsEntry("COLINK_AUTH_CHALLENGE_KEY", "change-me-32-bytes-base64");
		assertThat(environment("admin")).containsEntry("COLINK_ADMIN_API_CLIENT_SECRET", "change-me-admin-api");
		assertThat(environment("keycloak")).containsEntry("COLINK_AUTH_PROXY_CLIENT_SECRET", "change-me-auth-proxy")
			.containsEntry("COLINK_ADMIN_API_CLIENT_SECRET", "change-me-admin-api");
	}

	@Test
	void withoutOneOfItsSecretsTheFileDoesNotResolveAndSaysWhichIsMissing() throws Exception {
		for (String secret : List.of("COLINK_AUTH_PROXY_CLIENT_SECRET", "COLINK_ADMIN_API_CLIENT_SECRET",
				"COLINK_AUTH_CHALLENGE_KEY", "COLINK_INTERNAL_SECRET", "GRAFANA_ADMIN_PASSWORD")) {
			Path env = Files.createTempFile("colink-partial", ".env");
			Files.write(env, Files.readAllLines(Path.of(".env.example"))
				.stream()
				.filter((line) -> !line.startsWith(secret + "="))
				.toList());
			Result config = compose("--env-file", env.toString(), "-f", "docker-compose.yml", "config");
			Files.delete(env);

			assertThat(config.exitCode()).as(secret).isNotZero();
			assertThat(config.output()).as(secret).contains(secret).contains("set it in deploy/.env");
		}
	}

	@Test
	void withoutItsSecretsTheFileDoesNotResolve() throws Exception {
		Path empty = Files.createTempFile("colink-empty", ".env");
		Result config = compose("--env-file", empty.toString(), "-f", "docker-compose.yml", "config");
		Files.delete(empty);

		assertThat(config.exitCode()).isNotZero();
		assertThat(config.output()).contains("set it in deploy/.env");
	}

	/**
	 * Every service writes its log as one ECS JSON object a line (COLINK_LOG_FORMAT, docs/operations.md#logs), unless
	 * deploy/.env asks for plain text.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void everyServiceLogsEcsJsonUnlessTheEnvFileAsksForText() throws Exception {
		for (String module : serviceModules()) {
			assertThat(environment(module)).as(module).containsEntry("COLINK_LOG_FORMAT", "ecs");
		}
		Path env = Files.createTempFile("colink-text-logs", ".env");
		Files.write(env, Stream.concat(Files.readAllLines(Path.of(".env.example")).stream(),
				Stream.of("COLINK_LOG_FORMAT=text")).toList());
		Result config = compose("--env-file", env.toString(), "-f", "docker-compose.yml", "config");
		Files.delete(env);

		assertThat(config.exitCode()).as(config.output()).isZero();
		Map<String, Map<String, Object>> text = (Map<String, Map<String, Object>>) new Yaml()
			.<Map<String, Object>>load(config.output()).get("services");
		for (String module : serviceModules()) {
			assertThat((Map<String, Object>) text.get(module).get("environment")).as(module)
				.containsEntry("COLINK_LOG_FORMAT", "text");
		}
	}

	/**
	 * Prometheus and Grafana on pinned official images, with deploy/observability mounted where each looks for it:
	 * Prometheus's configuration beside the alert rules it names, Grafana's provisioning and the dashboards at the
	 * path its dashboard provider names, the data source at Prometheus's service name.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void prometheusAndGrafanaRunOnPinnedImagesWithTheCheckedInFiles() throws IOException {
		assertThat((String) services.get("prometheus").get("image")).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
		assertThat((String) services.get("grafana").get("image")).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
		assertThat(services.get("prometheus")).containsKey("healthcheck");
		assertThat(services.get("grafana")).containsKey("healthcheck");
		assertThat(mounts("prometheus")).containsEntry("/etc/prometheus/prometheus.yml", "observability/prometheus.yml")
			.containsEntry("/etc/prometheus/alerts.yml", "observability/alerts.yml");
		assertThat((List<String>) services.get("prometheus").get("command"))
			.contains("--config.file=/etc/prometheus/prometheus.yml");

		Map<String, Object> provider = new Yaml().load(Files.readString(ObservabilityTest.OBSERVABILITY
			.resolve(Path.of("grafana", "provisioning", "dashboards", "colink.yml"))));
		String dashboards = (String) ((Map<String, Object>) ((List<Map<String, Object>>) provider.get("providers")).get(0)
			.get("options")).get("path");
		assertThat(mounts("grafana")).containsEntry("/etc/grafana/provisioning", "observability/grafana/provisioning")
			.containsEntry(dashboards, "observability/grafana/dashboards");
		assertThat(environment("grafana")).containsEntry("COLINK_PROMETHEUS_URL", "http://prometheus:9090")
			.containsEntry("GF_SECURITY_ADMIN_PASSWORD", "change-me-grafana");
		assertThat(dependencies("grafana")).containsEntry("prometheus", "service_healthy");
	}

	/** A service's bind mounts: where in the container, from which file of deploy/. */
	@SuppressWarnings("unchecked")
	private static Map<String, String> mounts(String service) {
		Map<String, String> mounts = new java.util.HashMap<>();
		for (Object volume : (List<Object>) services.get(service).get("volumes")) {
			String[] parts = volume.toString().split(":");
			if (parts[0].startsWith("/")) {
				mounts.put(parts[1], Path.of("").toAbsolutePath().relativize(Path.of(parts[0])).toString());
			}
		}
		return mounts;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> dependencies(String service) {
		Map<String, Object> conditions = new java.util.HashMap<>();
		((Map<String, Map<String, Object>>) services.get(service).get("depends_on"))
			.forEach((name, condition) -> conditions.put(name, condition.get("condition")));
		return conditions;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> environment(String service) {
		return (Map<String, Object>) services.get(service).get("environment");
	}

	/** The Spring Boot services of this repository: every directory under services/. */
	static List<String> serviceModules() throws IOException {
		try (Stream<Path> dirs = Files.list(Path.of("..", "services"))) {
			return dirs.filter(Files::isDirectory).map((dir) -> dir.getFileName().toString()).sorted().toList();
		}
	}

	private static Result compose(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("docker-compose"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// Only the env file speaks: variables of the calling shell (./colink test exports the local stack's) would
		// take precedence over it.
		Map<String, String> environment = builder.environment();
		String path = environment.get("PATH");
		environment.clear();
		environment.put("PATH", path);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.waitFor(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
