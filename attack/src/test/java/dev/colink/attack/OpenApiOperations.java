package dev.colink.attack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every operation of the published REST API, api-specs/openapi/*.yaml, as the attack suite enumerates them: a new
 * operation in a spec is attacked without anyone listing it here. Schemas are returned with their local references
 * ({@code #/components/...}) inlined, so that a generator can walk them without the document; a reference that
 * refers back to itself is left as it is.
 */
public final class OpenApiOperations {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}]+)}");

	private static final List<Operation> ALL = load(specsDirectory());

	private OpenApiOperations() {
	}

	/**
	 * One parameter: its name, where it goes ({@code path} or {@code query}), whether it is required, its schema and
	 * its description ("" when none).
	 */
	public record Param(String name, String in, boolean required, JsonNode schema, String description) {
	}

	/**
	 * One operation of one service's document.
	 *
	 * @param service            the document's name: {@code messaging} for messaging.yaml
	 * @param method             upper case: {@code POST}
	 * @param pathTemplate       as in the spec: {@code /v1/messages/{id}}
	 * @param pathParams         in the order of the template
	 * @param queryParams        in the order of the spec
	 * @param requestBodySchema  the application/json body's schema, references inlined; null when it takes none
	 * @param requestBodyRequired whether the spec requires a body
	 * @param requiresAuth       false for {@code security: []} and the sign-in paths ({@code /auth/**})
	 * @param documentedStatuses the numeric response codes the spec documents
	 * @param document           the whole OpenAPI document it came from
	 */
	public record Operation(String service, String method, String pathTemplate, List<Param> pathParams,
			List<Param> queryParams, JsonNode requestBodySchema, boolean requestBodyRequired, boolean requiresAuth,
			Set<Integer> documentedStatuses, JsonNode document) {

		/** The path with each {@code {name}} replaced by its value (percent-encoded as a path segment). */
		public String path(Map<String, String> values) {
			return path((name) -> encode(values.get(name)));
		}

		/**
		 * The path with each {@code {name}} replaced by what the function gives for it, sent as given (no encoding): for
		 * raw spellings an attack wants on the wire.
		 */
		public String path(Function<String, String> rawValues) {
			Matcher parameters = TEMPLATE_PARAMETER.matcher(this.pathTemplate);
			StringBuilder path = new StringBuilder();
			while (parameters.find()) {
				String value = rawValues.apply(parameters.group(1));
				if (value == null) {
					throw new IllegalArgumentException("no value for {" + parameters.group(1) + "} of " + this);
				}
				parameters.appendReplacement(path, Matcher.quoteReplacement(value));
			}
			parameters.appendTail(path);
			return path.toString();
		}

		public Optional<Param> queryParam(String name) {
			return this.queryParams.stream().filter((param) -> param.name().equals(name)).findFirst();
		}

		/** The operation's entry in its document (summary, description, responses...), references not inlined. */
		public JsonNode specification() {
			return this.document.path("paths").path(this.pathTemplate).path(this.method.toLowerCase());
		}

		@Override
		public String toString() {
			return this.method + " " + this.pathTemplate + " (" + this.service + ")";
		}

	}

	/** Every operation of every document, sorted by path and method. */
	public static List<Operation> all() {
		return ALL;
	}

	/** One operation by method and path template, e.g. {@code find("POST", "/v1/messages")}. */
	public static Operation find(String method, String pathTemplate) {
		return ALL.stream()
			.filter((operation) -> operation.method().equalsIgnoreCase(method) && operation.pathTemplate().equals(pathTemplate))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(method + " " + pathTemplate + " is in no api-specs/openapi document"));
	}

	/** Percent-encodes a value for a path segment or a query value (space as %20, so it fits both). */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static List<Operation> load(File specs) {
		YAMLMapper yaml = new YAMLMapper();
		File[] files = new File(specs, "openapi").listFiles((file) -> file.getName().endsWith(".yaml"));
		if (files == null || files.length == 0) {
			throw new IllegalStateException("No OpenAPI documents in " + specs);
		}
		Arrays.sort(files);
		List<Operation> operations = new ArrayList<>();
		for (File file : files) {
			JsonNode document;
			try {
				document = yaml.readTree(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read " + file, ex);
			}
			String service = file.getName().substring(0, file.getName().length() - ".yaml".length());
			document.path("paths").properties().forEach((path) -> {
				JsonNode item = resolve(path.getValue(), document);
				item.properties().stream()
					.filter((entry) -> METHODS.contains(entry.getKey()))
					.forEach((entry) -> operations.add(operation(service, entry.getKey(), path.getKey(), item,
							resolve(entry.getValue(), document), document)));
			});
		}
		operations.sort(Comparator.comparing(Operation::pathTemplate).thenComparing(Operation::method));
		return List.copyOf(operations);
	}

	private static Operation operation(String service, String method, String pathTemplate, JsonNode item,
			JsonNode operation, JsonNode document) {
		// Operation-level parameters override the path item's of the same name and location.
		Map<String, Param> parameters = new LinkedHashMap<>();
		for (JsonNode list : List.of(item.path("parameters"), operation.path("parameters"))) {
			for (JsonNode reference : list) {
				JsonNode parameter = resolve(reference, document);
				String in = parameter.path("in").asText();
				parameters.put(in + " " + parameter.path("name").asText(), new Param(parameter.path("name").asText(), in,
						parameter.path("required").asBoolean("path".equals(in)),
						inline(parameter.path("schema"), document, new HashSet<>()), parameter.path("description").asText("")));
			}
		}
		List<Param> pathParams = new ArrayList<>();
		Matcher names = TEMPLATE_PARAMETER.matcher(pathTemplate);
		while (names.find()) {
			Param param = parameters.get("path " + names.group(1));
			pathParams.add((param != null) ? param
					: new Param(names.group(1), "path", true, JsonNodeFactory.instance.objectNode().put("type", "string"), ""));
		}
		List<Param> queryParams = parameters.values().stream().filter((param) -> "query".equals(param.in())).toList();

		JsonNode body = resolve(operation.path("requestBody"), document);
		JsonNode schema = body.path("content").path("application/json").path("schema");
		JsonNode requestBodySchema = schema.isMissingNode() ? null : inline(schema, document, new HashSet<>());

		JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
		boolean requiresAuth = !pathTemplate.startsWith("/auth/") && security.isArray() && !security.isEmpty();

		Set<Integer> statuses = new TreeSet<>();
		operation.path("responses").fieldNames().forEachRemaining((status) -> {
			if (status.matches("\\d{3}")) {
				statuses.add(Integer.parseInt(status));
			}
		});
		return new Operation(service, method.toUpperCase(), pathTemplate, List.copyOf(pathParams), queryParams,
				requestBodySchema, body.path("required").asBoolean(false), requiresAuth, Set.copyOf(statuses), document);
	}

	/** A copy of the schema with every local reference replaced by what it points to (a cycle keeps its $ref). */
	static JsonNode inline(JsonNode schema, JsonNode document, Set<String> visiting) {
		if (schema.isObject()) {
			if (schema.has("$ref") && schema.get("$ref").asText().startsWith("#/")) {
				String reference = schema.get("$ref").asText();
				if (!visiting.add(reference)) {
					return schema.deepCopy();
				}
				JsonNode target = document.at(reference.substring(1));
				if (target.isMissingNode()) {
					throw new IllegalStateException("Dangling reference " + reference);
				}
				JsonNode inlined = inline(target, document, visiting);
				visiting.remove(reference);
				if (schema.size() == 1 || !inlined.isObject()) {
					return inlined;
				}
				// 3.1 allows siblings beside $ref (a description, a default): keep them over the target's.
				ObjectNode merged = ((ObjectNode) inlined).deepCopy();
				schema.properties().forEach((field) -> {
					if (!field.getKey().equals("$ref")) {
						merged.set(field.getKey(), inline(field.getValue(), document, visiting));
					}
				});
				return merged;
			}
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			schema.properties().forEach((field) -> copy.set(field.getKey(), inline(field.getValue(), document, visiting)));
			return copy;
		}
		if (schema.isArray()) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			schema.forEach((element) -> copy.add(inline(element, document, visiting)));
			return copy;
		}
		return schema;
	}

	private static JsonNode resolve(JsonNode node, JsonNode document) {
		Set<String> seen = new HashSet<>();
		while (node.has("$ref") && seen.add(node.get("$ref").asText())) {
			node = document.at(node.get("$ref").asText().substring(1));
		}
		return node;
	}

	static File specsDirectory() {
		File dir = new File(System.getProperty("user.dir")).getAbsoluteFile();
		while (dir != null && !new File(dir, "api-specs/openapi").isDirectory()) {
			dir = dir.getParentFile();
		}
		if (dir == null) {
			throw new IllegalStateException("No api-specs/ above " + System.getProperty("user.dir"));
		}
		return new File(dir, "api-specs");
	}

}
