package dev.colink.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service images Jib wrote in this build (./colink test builds them): one OCI tarball per service module, each an
 * image that runs its service as an unprivileged user on the base's Java runtime. One is unpacked and started for
 * real, in a chroot against the running stack, until it reports ready, and the image's own health check agrees.
 */
class ImagesTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void everyServiceModuleHasAnImageTarballThatRunsItsApplicationAsUser1000(@TempDir Path unpacked) throws Exception {
		for (String module : DockerComposeTest.serviceModules()) {
			Image image = Image.read(tarball(module), Files.createDirectory(unpacked.resolve(module)));
			assertThat(image.name()).isEqualTo("colink/" + module + ":0.1.0");
			JsonNode config = image.config().get("config");
			assertThat(config.get("User").asText()).as(module).isEqualTo("1000:1000");
			List<String> entrypoint = strings(config.get("Entrypoint"));
			assertThat(entrypoint).as(module).startsWith("java").contains("-XX:+ExitOnOutOfMemoryError",
					"-XX:MaxRAMPercentage=70");
			assertThat(entrypoint.get(entrypoint.size() - 1)).as(module).startsWith("dev.colink.").endsWith("Application");
			assertThat(strings(config.get("Env"))).as(module).contains("PATH=/opt/java/bin:/bin");
			assertThat(image.layers()).as("base, dependencies, resources, classes...").hasSizeGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void theMessagingImageStartsAndBecomesReadyAgainstTheRunningStack(@TempDir Path work) throws Exception {
		Image image = Image.read(tarball("messaging"), Files.createDirectory(work.resolve("image")));
		Path root = Files.createDirectory(work.resolve("rootfs"));
		for (Path layer : image.layers()) {
			run("tar", "-xzf", layer.toString(), "-C", root.toString());
		}
		int port = freePort();
		JsonNode config = image.config().get("config");
		// A mount namespace of its own gives the chroot a /proc (the JVM reads it) that vanishes with the process. The
		// host's tools are named by path: the environment is the image's, whose PATH finds java inside the chroot.
		List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--propagation", "private",
				"/bin/sh", "-c", "/usr/bin/mount --bind /proc \"$0/proc\" && exec /usr/sbin/chroot --userspec=1000:1000 \"$0\" \"$@\"",
				root.toString()));
		command.addAll(strings(config.get("Entrypoint")));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve("service.log").toFile());
		Map<String, String> environment = builder.environment();
		strings(config.get("Env")).forEach((entry) -> environment.put(entry.substring(0, entry.indexOf('=')),
				entry.substring(entry.indexOf('=') + 1)));
		environment.put("SERVER_PORT", Integer.toString(port));
		Process service = builder.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
				assertThat(service.isAlive()).as("the service is running: %s", log(work)).isTrue();
				try {
					HttpResponse<String> readiness = http.send(HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
							HttpResponse.BodyHandlers.ofString());
					return readiness.statusCode() == 200 && readiness.body().contains("UP");
				}
				catch (IOException ex) {
					return false;
				}
			});
			assertThat(log(work)).contains("Started MessagingApplication", "started by colink");
			// The health check docker-compose runs in the container, with the image's own wget.
			run("/usr/sbin/chroot", "--userspec=1000:1000", root.toString(), "/bin/wget", "-q", "-O", "-",
					"http://127.0.0.1:" + port + "/actuator/health/readiness");
		}
		finally {
			service.destroy();
			if (!service.waitFor(30, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
		}
	}

	private static String log(Path work) throws IOException {
		return Files.readString(work.resolve("service.log"));
	}

	private static Path tarball(String module) {
		Path tarball = Path.of("..", "services", module, "target", "jib-image.tar");
		assertThat(tarball).as("the image of " + module).isRegularFile();
		return tarball;
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((item) -> strings.add(item.asText()));
		return strings;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
	}

	/** An OCI image layout tarball, unpacked into a directory: its name, config and layer blobs. */
	private record Image(String name, JsonNode config, List<Path> layers) {

		static Image read(Path tarball, Path dir) throws Exception {
			run("tar", "-xf", tarball.toString(), "-C", dir.toString());
			JsonNode descriptor = JSON.readTree(dir.resolve("index.json").toFile()).get("manifests").get(0);
			JsonNode manifest = JSON.readTree(blob(dir, descriptor.get("digest").asText()).toFile());
			List<Path> layers = new ArrayList<>();
			manifest.get("layers").forEach((layer) -> layers.add(blob(dir, layer.get("digest").asText())));
			return new Image(descriptor.get("annotations").get("org.opencontainers.image.ref.name").asText(),
					JSON.readTree(blob(dir, manifest.get("config").get("digest").asText()).toFile()), layers);
		}

		private static Path blob(Path dir, String digest) {
			return dir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
		}

	}

}
