package dev.colink.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/helm/colink as Helm itself reads it (helm-java: Helm's Go library, no cluster): it lints, renders with
 * bundled or external infrastructure, every object reads as a typed Kubernetes resource with no field Kubernetes would
 * not know, every service module of this repository is deployed with probes, resources and autoscaling, and the
 * migrations and realm it ships are the repository's own.
 */
class HelmChartTest {

	private static final Path CHART = Path.of("helm", "colink");

	private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

	@Test
	void theChartLintsStrictly() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void everyServiceModuleIsDeployedWithProbesResourcesAndScaling() throws IOException {
		List<HasMetadata> objects = render(template());
		for (String module : DockerComposeTest.serviceModules()) {
			Deployment deployment = find(objects, Deployment.class, "colink-" + module);
			Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
			assertThat(container.getImage()).isEqualTo("colink/" + module + ":0.1.0");
			assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
			assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
			assertThat(container.getResources().getLimits()).as(module).containsKey("memory");
			assertThat(container.getResources().getRequests()).as(module).containsKeys("cpu", "memory");
			String port = value(container, "SERVER_PORT");
			assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(Integer.parseInt(port));
			assertThat(find(objects, Service.class, "colink-" + module).getSpec().getPorts().get(0).getPort())
				.isEqualTo(Integer.parseInt(port));
			assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers().get(0).getArgs().get(0))
				.as("waits for the latest migration").contains("version = '" + latestMigration() + "'");
		}
		Set<String> autoscaled = names(objects, HorizontalPodAutoscaler.class);
		assertThat(autoscaled).contains("colink-gateway", "colink-messaging", "colink-realtime-gateway")
			.doesNotContain("colink-admin");
		assertThat(names(objects, PodDisruptionBudget.class)).containsAll(autoscaled);
		assertThat(find(objects, Deployment.class, "colink-admin").getSpec().getReplicas()).isEqualTo(1);
	}

	@Test
	void everyServiceFindsEveryOtherByItsServiceName() throws IOException {
		List<HasMetadata> objects = render(template());
		Map<String, String> env = find(objects, ConfigMap.class, "colink-env").getData();
		for (String module : DockerComposeTest.serviceModules()) {
			Service service = find(objects, Service.class, "colink-" + module);
			assertThat(env).containsEntry("COLINK_" + module.toUpperCase().replace('-', '_') + "_URL",
					"http://colink-" + module + ":" + service.getSpec().getPorts().get(0).getPort());
		}
	}

	@Test
	void theMigrationJobAndTheBundledKeycloakShipTheRepositorysOwnFiles() throws IOException {
		List<HasMetadata> objects = render(template());
		Map<String, String> migrations = find(objects, ConfigMap.class, "colink-migrations").getData();
		try (Stream<Path> files = Files.list(Path.of("..", "db", "src", "main", "resources", "db", "migration"))) {
			List<Path> sql = files.filter((file) -> file.toString().endsWith(".sql")).toList();
			assertThat(migrations).hasSameSizeAs(sql);
			for (Path file : sql) {
				assertThat(migrations.get(file.getFileName().toString()))
					.isEqualTo(Files.readString(file, StandardCharsets.UTF_8).stripTrailing());
			}
		}
		Job job = find(objects, Job.class, "colink-migrate-1");
		assertThat(job.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName())
			.isEqualTo("colink-migrations");
		assertThat(find(objects, ConfigMap.class, "colink-keycloak-realm").getData().get("colink-realm.json"))
			.isEqualTo(Files.readString(Path.of("local", "keycloak", "colink-realm.json")).stripTrailing());
		assertThat(names(objects, StatefulSet.class)).containsExactlyInAnyOrder("colink-postgres", "colink-redis",
				"colink-kafka", "colink-opensearch", "colink-minio", "colink-keycloak", "colink-clamav");
	}

	@Test
	void secretsAreGeneratedWhenNotGivenAndGivenOnesAreKept() throws IOException {
		Secret generated = find(render(template()), Secret.class, "colink-secrets");
		assertThat(generated.getData()).containsKeys("dbPassword", "internalSecret", "colinkAdminPassword");
		assertThat(decode(generated, "authChallengeKey")).as("32 random bytes, base64")
			.satisfies((key) -> assertThat(Base64.getDecoder().decode(key)).hasSize(32));
		assertThat(decode(generated, "colinkAdminTotpSecret")).matches("[A-Z]{32}");

		Secret given = find(render(template().set("secrets.values.dbPassword", "s3cret")), Secret.class,
				"colink-secrets");
		assertThat(decode(given, "dbPassword")).isEqualTo("s3cret");

		List<HasMetadata> external = render(template().set("secrets.existingSecret", "ops-managed"));
		assertThat(names(external, Secret.class)).isEmpty();
		EnvVar password = find(external, Deployment.class, "colink-messaging").getSpec().getTemplate().getSpec()
			.getContainers().get(0).getEnv().stream().filter((env) -> env.getName().equals("COLINK_DB_PASSWORD"))
			.findFirst().orElseThrow();
		assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ops-managed");
	}

	/**
	 * Each secret a service would otherwise take from its application.yml default (public, and refused outside the
	 * local stack) comes from the release's Secret, generated at install: the Keycloak clients' secrets reach both the
	 * services and the bundled Keycloak's realm import.
	 */
	@Test
	void everyServiceAndTheRealmImportTakeTheirSecretsFromTheReleasesSecret() throws IOException {
		List<HasMetadata> objects = render(template());
		Secret generated = find(objects, Secret.class, "colink-secrets");
		for (String key : List.of("authProxyClientSecret", "adminApiClientSecret", "internalSecret")) {
			assertThat(decode(generated, key)).as(key).matches("[A-Za-z0-9]{32}");
		}
		assertThat(secretKeys(find(objects, Deployment.class, "colink-auth-proxy").getSpec().getTemplate().getSpec()
			.getContainers().get(0))).containsEntry("COLINK_AUTH_PROXY_CLIENT_SECRET", "authProxyClientSecret")
			.containsEntry("COLINK_ADMIN_API_CLIENT_SECRET", "adminApiClientSecret")
			.containsEntry("COLINK_AUTH_CHALLENGE_KEY", "authChallengeKey")
			.containsEntry("COLINK_INTERNAL_SECRET", "internalSecret");
		assertThat(secretKeys(find(objects, Deployment.class, "colink-admin").getSpec().getTemplate().getSpec()
			.getContainers().get(0))).containsEntry("COLINK_ADMIN_API_CLIENT_SECRET", "adminApiClientSecret");
		assertThat(secretKeys(find(objects, StatefulSet.class, "colink-keycloak").getSpec().getTemplate().getSpec()
			.getContainers().get(0))).containsEntry("COLINK_AUTH_PROXY_CLIENT_SECRET", "authProxyClientSecret")
			.containsEntry("COLINK_ADMIN_API_CLIENT_SECRET", "adminApiClientSecret");
	}

	@Test
	void externalInfrastructureReplacesTheBundledServers() throws IOException {
		List<HasMetadata> objects = render(
				template().withValuesFile(Path.of("src", "test", "resources", "external-infrastructure.yaml")));
		assertThat(names(objects, StatefulSet.class)).isEmpty();
		assertThat(find(objects, ConfigMap.class, "colink-env").getData())
			.containsEntry("COLINK_DB_URL", "jdbc:postgresql://db.internal:5432/colink?sslmode=require")
			.containsEntry("COLINK_KAFKA_BOOTSTRAP", "kafka-0.internal:9092,kafka-1.internal:9092")
			.containsEntry("COLINK_KEYCLOAK_URL", "https://id.internal")
			.containsEntry("COLINK_CLAMD_HOST", "clamd.internal")
			.containsEntry("COLINK_S3_PUBLIC_ENDPOINT", "https://files.example.com");
		assertThat(find(objects, Secret.class, "colink-secrets").getData()).doesNotContainKey("colinkAdminPassword");
		assertThat(find(objects, Deployment.class, "colink-messaging").getSpec().getTemplate().getSpec()
			.getInitContainers().get(0).getEnv()).contains(new EnvVar("DB_URL",
					"postgresql://db.internal:5432/colink?sslmode=require", null));
	}

	/**
	 * observability.enabled (the default) runs Prometheus and Grafana with deploy/observability's own files: the alert
	 * rules, Grafana's provisioning and the dashboard as they are checked in, and a Prometheus configuration that
	 * promtool loads and that reaches every replica of every service on its metrics port, the gateway's management
	 * port rather than its public one. Each service pod also says where to scrape it, for a Prometheus of one's own.
	 */
	@Test
	void observabilityRunsPrometheusAndGrafanaWithTheCheckedInFiles(@TempDir Path dir) throws Exception {
		List<HasMetadata> objects = render(template());
		Path observability = ObservabilityTest.OBSERVABILITY;
		Map<String, String> prometheus = find(objects, ConfigMap.class, "colink-prometheus").getData();
		assertThat(prometheus.get("alerts.yml")).isEqualTo(Files.readString(observability.resolve("alerts.yml")).stripTrailing());
		Files.writeString(dir.resolve("prometheus.yml"), prometheus.get("prometheus.yml"));
		Files.writeString(dir.resolve("alerts.yml"), prometheus.get("alerts.yml"));
		ObservabilityTest.Result check = ObservabilityTest.promtool("check", "config",
				dir.resolve("prometheus.yml").toAbsolutePath().toString());
		assertThat(check.exitCode()).as(check.output()).isZero();

		Map<String, String> grafana = find(objects, ConfigMap.class, "colink-grafana").getData();
		Path provisioning = observability.resolve(Path.of("grafana", "provisioning"));
		assertThat(grafana.get("datasource.yml"))
			.isEqualTo(Files.readString(provisioning.resolve(Path.of("datasources", "colink.yml"))).stripTrailing());
		assertThat(grafana.get("dashboards.yml"))
			.isEqualTo(Files.readString(provisioning.resolve(Path.of("dashboards", "colink.yml"))).stripTrailing());
		assertThat(grafana.get("colink.json"))
			.isEqualTo(Files.readString(ObservabilityTest.dashboards().get(0)).stripTrailing());
		Container grafanaContainer = find(objects, Deployment.class, "colink-grafana").getSpec().getTemplate().getSpec()
			.getContainers().get(0);
		assertThat(grafanaContainer.getImage()).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
		assertThat(value(grafanaContainer, "COLINK_PROMETHEUS_URL")).isEqualTo("http://colink-prometheus:9090");
		assertThat(secretKeys(grafanaContainer)).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "grafanaAdminPassword");
		assertThat(find(objects, Secret.class, "colink-secrets").getData()).containsKey("grafanaAdminPassword");
		assertThat(find(objects, Deployment.class, "colink-prometheus").getSpec().getTemplate().getSpec().getContainers()
			.get(0).getImage()).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
		assertThat(names(objects, Service.class)).contains("colink-prometheus", "colink-grafana");

		String config = prometheus.get("prometheus.yml");
		for (String module : DockerComposeTest.serviceModules()) {
			int port = find(objects, Service.class, "colink-" + module).getSpec().getPorts().get(0).getPort();
			Service metrics = find(objects, Service.class, "colink-" + module + "-metrics");
			assertThat(metrics.getSpec().getClusterIP()).as("one address per replica").isEqualTo("None");
			int metricsPort = metrics.getSpec().getPorts().get(0).getPort();
			if (module.equals("gateway")) {
				assertThat(metricsPort).as("never the gateway's public port").isNotEqualTo(port);
				ObservabilityTest.gatewayManagementPort()
					.ifPresent((management) -> assertThat(metricsPort).isEqualTo(Integer.parseInt(management)));
			}
			else {
				assertThat(metricsPort).isEqualTo(port);
			}
			assertThat(config).contains("[colink-" + module + "-metrics]\n        type: A\n        port: " + metricsPort);
			assertThat(find(objects, Deployment.class, "colink-" + module).getSpec().getTemplate().getMetadata()
				.getAnnotations()).containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/port", String.valueOf(metricsPort))
				.containsEntry("prometheus.io/path", "/actuator/prometheus");
		}

		List<HasMetadata> without = render(template().set("observability.enabled", "false"));
		assertThat(names(without, Deployment.class)).doesNotContain("colink-prometheus", "colink-grafana");
		assertThat(names(without, ConfigMap.class)).doesNotContain("colink-prometheus", "colink-grafana");
		assertThat(names(without, Service.class)).noneMatch((name) -> name.endsWith("-metrics"));
		assertThat(find(without, Secret.class, "colink-secrets").getData()).doesNotContainKey("grafanaAdminPassword");
		assertThat(find(without, Deployment.class, "colink-messaging").getSpec().getTemplate().getMetadata()
			.getAnnotations()).containsEntry("prometheus.io/port", "8082");
	}

	/**
	 * Every service reads COLINK_LOG_FORMAT from the release's ConfigMap: ECS JSON lines by default, plain text or
	 * another of Spring Boot's structured formats when logFormat says so, nothing else (docs/operations.md#logs).
	 */
	@Test
	void everyServiceLogsInTheFormatOfLogFormatEcsByDefault() throws IOException {
		List<HasMetadata> objects = render(template());
		assertThat(find(objects, ConfigMap.class, "colink-env").getData()).containsEntry("COLINK_LOG_FORMAT", "ecs");
		for (String module : DockerComposeTest.serviceModules()) {
			Container container = find(objects, Deployment.class, "colink-" + module).getSpec().getTemplate().getSpec()
				.getContainers().get(0);
			assertThat(container.getEnvFrom()).as(module)
				.anyMatch((from) -> from.getConfigMapRef() != null && from.getConfigMapRef().getName().equals("colink-env"));
			assertThat(container.getEnv()).as(module).noneMatch((env) -> env.getName().equals("COLINK_LOG_FORMAT"));
		}
		assertThat(find(render(template().set("logFormat", "text")), ConfigMap.class, "colink-env").getData())
			.containsEntry("COLINK_LOG_FORMAT", "text");
		assertThatThrownBy(() -> template().set("logFormat", "json").call()).hasMessageContaining("logFormat");
	}

	@Test
	void valuesThatDoNotFitTheSchemaOrLeaveAServerUnplacedAreRefused() {
		assertThatThrownBy(() -> template().set("services.messaging.replicas", "two").call())
			.hasMessageContaining("replicas");
		assertThatThrownBy(() -> template().set("services.mesaging.port", "8082").call()).hasMessageContaining("mesaging");
		assertThatThrownBy(() -> template().set("bundled.enabled", "false").call())
			.hasMessageContaining("infrastructure.postgres");
		assertThatThrownBy(() -> template().set("observability.prometheus.retention", "forever").call())
			.hasMessageContaining("retention");
	}

	private static TemplateCommand template() {
		return new Helm(CHART).template().withName("colink");
	}

	/** The rendered documents, each as its typed Kubernetes class, with no field that class does not know. */
	private static List<HasMetadata> render(TemplateCommand template) {
		String manifest = template.call();
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifest.split("(?m)^---\\s*$")) {
			if (document.lines().allMatch((line) -> line.isBlank() || line.startsWith("#"))) {
				continue;
			}
			KubernetesResource resource = KUBERNETES.unmarshal(document, KubernetesResource.class);
			assertThat(resource).as(document).isInstanceOf(HasMetadata.class).isNotInstanceOf(GenericKubernetesResource.class);
			assertThat(unknownFields(resource, new IdentityHashMap<>())).as(document).isEmpty();
			objects.add((HasMetadata) resource);
		}
		return objects;
	}

	/** Fields the model kept aside because Kubernetes has no such field where they stand (a typo, a wrong level). */
	private static List<String> unknownFields(Object value, Map<Object, Boolean> seen) {
		List<String> unknown = new ArrayList<>();
		if (value == null || seen.put(value, true) != null) {
			return unknown;
		}
		if (value instanceof Collection<?> collection) {
			collection.forEach((item) -> unknown.addAll(unknownFields(item, seen)));
			return unknown;
		}
		if (value instanceof Map<?, ?> map) {
			map.values().forEach((item) -> unknown.addAll(unknownFields(item, seen)));
			return unknown;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return unknown;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
				continue;
			}
			try {
				Object field = getter.invoke(value);
				if (getter.getName().equals("getAdditionalProperties")) {
					((Map<?, ?>) field).keySet().forEach((key) -> unknown.add(value.getClass().getSimpleName() + "." + key));
				}
				else {
					unknown.addAll(unknownFields(field, seen));
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return unknown;
	}

	private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
		return objects.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.filter((object) -> object.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " " + name + " in " + names(objects, type)));
	}

	private static Set<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> type) {
		return objects.stream()
			.filter(type::isInstance)
			.map((object) -> object.getMetadata().getName())
			.collect(Collectors.toSet());
	}

	private static String value(Container container, String name) {
		return container.getEnv().stream().filter((env) -> env.getName().equals(name)).findFirst().orElseThrow().getValue();
	}

	/** Each variable of the container that comes from a Secret, with the Secret's key. */
	private static Map<String, String> secretKeys(Container container) {
		return container.getEnv().stream()
			.filter((env) -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
			.collect(Collectors.toMap(EnvVar::getName, (env) -> env.getValueFrom().getSecretKeyRef().getKey()));
	}

	private static String decode(Secret secret, String key) {
		return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
	}

	private static int latestMigration() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("..", "db", "src", "main", "resources", "db", "migration"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.matches("V\\d+__.*\\.sql"))
				.mapToInt((name) -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
				.max()
				.orElseThrow();
		}
	}

}
