package dev.colink.security.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The published API contract, api-specs/, as the tests hold the running system to it. Every answer {@link ApiClient}
 * receives must be an operation of an OpenAPI document (by method and path template) with the answered status
 * documented, and its JSON body must fit that response's schema; every frame {@link TestSocket} receives must fit its
 * message in the AsyncAPI document of the socket, and every event on Kafka its message in the events document. A field the code sends and the spec does not name fails too (the
 * specs close their objects), so the two cannot drift apart unnoticed.
 */
public final class ApiContract {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

	/**
	 * The public API's paths: everything under /v1 and /auth. Others (actuator probes, service-to-service calls, a
	 * test's probe that such a path is not reachable through the gateway) are not part of the contract.
	 */
	private static final Pattern PUBLIC = Pattern.compile("^/(v1|auth)(/.*)?$");

	private static final List<Operation> OPERATIONS = new ArrayList<>();

	private static final Map<String, JsonSchema> FRAMES = new ConcurrentHashMap<>();

	/** Event schemas by topic and event type (asyncapi/events.yaml). */
	private static final Map<String, JsonSchema> EVENTS = new ConcurrentHashMap<>();

	static {
		File specs = specsDirectory();
		YAMLMapper yaml = new YAMLMapper();
		try {
			for (File file : listYaml(new File(specs, "openapi"))) {
				JsonNode document = yaml.readTree(file);
				document.path("paths").fields().forEachRemaining((path) -> path.getValue().fields().forEachRemaining(
						(operation) -> OPERATIONS.add(new Operation(file.getName(), operation.getKey().toUpperCase(),
								path.getKey(), template(path.getKey()), operation.getValue().path("responses"), document))));
			}
			JsonNode realtime = yaml.readTree(new File(specs, "asyncapi/realtime.yaml"));
			// A frame's type is its message's name.
			realtime.path("components").path("messages").forEach((message) -> FRAMES
				.put(message.path("name").asText(), schema(message.path("payload"), realtime)));
			JsonNode events = yaml.readTree(new File(specs, "asyncapi/events.yaml"));
			events.path("channels").forEach((channel) -> channel.path("messages").forEach((ref) -> {
				JsonNode message = resolve(ref, events);
				EVENTS.put(channel.path("address").asText() + " " + message.path("name").asText(),
						schema(message.path("payload"), events));
			}));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the API specs in " + specs, ex);
		}
	}

	private ApiContract() {
	}

	/** Checks one HTTP answer against the OpenAPI documents; an AssertionError names what does not fit. */
	public static void check(String method, String pathAndQuery, int status, String contentType, String body) {
		String path = pathAndQuery.split("\\?", 2)[0];
		if (!PUBLIC.matcher(path).matches()) {
			return;
		}
		Operation operation = OPERATIONS.stream()
			.filter((candidate) -> candidate.method().equals(method) && candidate.pattern().matcher(path).matches())
			.min((a, b) -> Integer.compare(a.path().split("\\{").length, b.path().split("\\{").length))
			.orElseThrow(() -> new AssertionError("API contract: " + method + " " + path + " is in no api-specs/openapi document"));
		JsonNode response = operation.responses().path(Integer.toString(status));
		if (response.isMissingNode()) {
			response = operation.responses().path(status / 100 + "XX");
		}
		if (response.isMissingNode()) {
			response = operation.responses().path("default");
		}
		if (response.isMissingNode()) {
			throw new AssertionError("API contract: " + operation + " does not document HTTP " + status + " (body " + body + ")");
		}
		response = resolve(response, operation.document());
		JsonNode content = response.path("content");
		if (body == null || body.isEmpty()) {
			if (!content.isMissingNode() && !content.isEmpty()) {
				throw new AssertionError("API contract: " + operation + " HTTP " + status + " has a body in the spec, none was sent");
			}
			return;
		}
		String mediaType = (contentType != null) ? contentType.split(";", 2)[0].trim() : "";
		JsonNode media = content.path(mediaType);
		if (media.isMissingNode()) {
			throw new AssertionError("API contract: " + operation + " HTTP " + status + " answered " + mediaType
					+ ", the spec has " + fieldNames(content) + " (body " + body + ")");
		}
		if (!media.has("schema") || !mediaType.endsWith("json")) {
			return;
		}
		JsonSchema schema = operation.schemas().computeIfAbsent(status + " " + mediaType,
				(key) -> schema(media.get("schema"), operation.document()));
		validate(schema, body, operation + " HTTP " + status);
	}

	/** Checks one WebSocket frame (a JSON object with a {@code type}) against its message in asyncapi/realtime.yaml. */
	public static void checkFrame(String frame) {
		String type;
		try {
			type = JSON.readTree(frame).path("type").asText();
		}
		catch (IOException ex) {
			throw new AssertionError("API contract: a frame that is not JSON: " + frame);
		}
		JsonSchema schema = FRAMES.get(type);
		if (schema == null) {
			throw new AssertionError("API contract: frame type '" + type + "' is not in asyncapi/realtime.yaml "
					+ FRAMES.keySet() + ": " + frame);
		}
		validate(schema, frame, "frame " + type);
	}

	/** The event types asyncapi/events.yaml documents on a Kafka topic. */
	public static Set<String> eventTypes(String topic) {
		return EVENTS.keySet().stream()
			.filter((key) -> key.startsWith(topic + " "))
			.map((key) -> key.substring(topic.length() + 1))
			.collect(Collectors.toSet());
	}

	/** Checks one event as it is on a Kafka topic against its message in asyncapi/events.yaml. */
	public static void checkEvent(String topic, String type, String json) {
		JsonSchema schema = EVENTS.get(topic + " " + type);
		if (schema == null) {
			throw new AssertionError("API contract: event '" + type + "' on " + topic + " is not in asyncapi/events.yaml: " + json);
		}
		validate(schema, json, "event " + type + " on " + topic);
	}

	private static void validate(JsonSchema schema, String json, String what) {
		Set<ValidationMessage> errors;
		try {
			errors = schema.validate(JSON.readTree(json));
		}
		catch (IOException ex) {
			throw new AssertionError("API contract: " + what + " is not JSON: " + json);
		}
		if (!errors.isEmpty()) {
			throw new AssertionError("API contract: " + what + " does not fit its schema: "
					+ errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")) + "\n  body: " + json);
		}
	}

	/** A schema of a document, its local references ({@code #/components/...}) resolved against that document. */
	private static JsonSchema schema(JsonNode schema, JsonNode document) {
		ObjectNode root = JSON.createObjectNode();
		root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		root.set("components", document.path("components"));
		schema.fields().forEachRemaining((field) -> root.set(field.getKey(), field.getValue()));
		return SCHEMAS.getSchema(root);
	}

	private static JsonNode resolve(JsonNode node, JsonNode document) {
		while (node.has("$ref")) {
			node = document.at(node.get("$ref").asText().substring(1));
		}
		return node;
	}

	private static Pattern template(String path) {
		Matcher parameters = Pattern.compile("\\{[^}]+}").matcher(path);
		StringBuilder regex = new StringBuilder();
		int last = 0;
		while (parameters.find()) {
			regex.append(Pattern.quote(path.substring(last, parameters.start()))).append("[^/]+");
			last = parameters.end();
		}
		return Pattern.compile(regex.append(Pattern.quote(path.substring(last))).toString());
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static List<File> listYaml(File dir) {
		File[] files = dir.listFiles((file) -> file.getName().endsWith(".yaml"));
		if (files == null || files.length == 0) {
			throw new IllegalStateException("No OpenAPI documents in " + dir);
		}
		return List.of(files);
	}

	private static File specsDirectory() {
		File dir = new File(System.getProperty("user.dir")).getAbsoluteFile();
		while (dir != null && !new File(dir, "api-specs/openapi").isDirectory()) {
			dir = dir.getParentFile();
		}
		if (dir == null) {
			throw new IllegalStateException("No api-specs/ above " + System.getProperty("user.dir"));
		}
		return new File(dir, "api-specs");
	}

	private record Operation(String file, String method, String path, Pattern pattern, JsonNode responses,
			JsonNode document, Map<String, JsonSchema> schemas) {

		Operation(String file, String method, String path, Pattern pattern, JsonNode responses, JsonNode document) {
			this(file, method, path, pattern, responses, document, new ConcurrentHashMap<>());
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " (" + this.file + ")";
		}

	}

}
