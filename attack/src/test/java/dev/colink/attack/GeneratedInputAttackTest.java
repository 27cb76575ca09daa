package dev.colink.attack;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colink.attack.OpenApiOperations.Operation;
import dev.colink.attack.OpenApiOperations.Param;
import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.ThreeUsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generated invalid input against every operation of api-specs/openapi, through the gateway's public port as
 * signed-in users. For each operation, seeded generators ({@link Gen}; the seed is printed) derive requests from the
 * operation's schemas, each of which breaks at least one rule of them while everything else is valid (real ids of the callers' own
 * channel, message and file where an id is needed): wrong types, missing required and unknown members, strings too
 * long or too short or off their pattern, enum and const violations, NUL, control and bidi characters, huge and
 * fractional numbers, deep JSON, malformed JSON, malformed ids and cursors in path and query, and bodies over 1 MiB.
 *
 * <p>
 * Every answer must be a 4xx problem body ({@code application/problem+json} with a {@code code}), 413 for a body
 * over 1 MiB; none may be a 5xx or a 2xx (the input is invalid by construction). Nothing may be stored: the rows
 * of the callers (every main table) and the events on Kafka that name them are compared before and after. Traffic
 * is spread over several users and loopback source addresses, so that the gateway's rate limit (left as it is)
 * does not slow the run; a 429 is waited out, not counted.
 */
class GeneratedInputAttackTest {

	/** The generator's seed, printed in the summary: the same seed generates the same faults. */
	private static final long SEED = Long.getLong("colink.attack.seed", 20261202L);

	/** How many requests to generate (at least). */
	private static final int REQUESTS = Integer.getInteger("colink.attack.requests", 10_200);

	private static final int WORKERS = Integer.getInteger("colink.attack.workers", 12);

	private static final int ACTORS = 6;

	/** Just over the 1 MiB every service accepts at most. */
	private static final int OVERSIZE = 1024 * 1024 + 1;

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern UUID_SHAPE = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	/** Raw JSON spliced into a serialized body where a marker string stands (huge numbers, deep nesting). */
	private static final String RAW = "\u0001raw\u0001";

	private static final List<Actor> actors = new ArrayList<>();

	private static final List<Actor> admins = new ArrayList<>();

	/** One caller and the real resources of theirs a valid request names. */
	record Actor(SignedInUser user, String channelId, String messageId, String fileId, String otherUserId) {
	}

	/** One generated request: the operation, what it breaks, and the bytes' parts. */
	record Case(Operation operation, String kind, String target, String body, boolean chunked, boolean oversize,
			Actor actor) {

		String describe() {
			String excerpt = (this.body == null) ? "" : excerpt(this.body, 160);
			return this.operation.method() + " " + excerpt(this.target, 160) + " [" + this.kind + "] "
					+ (this.chunked ? "(chunked) " : "") + excerpt;
		}

	}

	record Outcome(Case request, int status, String mediaType, String body, String problem, long millis) {
	}

	@BeforeAll
	static void signIn() throws Exception {
		ExecutorService setup = Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<SignedInUser>> users = new ArrayList<>();
			for (int i = 0; i < ACTORS; i++) {
				users.add(setup.submit(() -> SignedInUsers.create("attack-gen")));
			}
			List<java.util.concurrent.Future<SignedInUser>> adminUsers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				adminUsers.add(setup.submit(() -> SignedInUsers.create("attack-gen-admin", Set.of("colink-admin"))));
			}
			List<SignedInUser> signedIn = new ArrayList<>();
			for (var user : users) {
				signedIn.add(user.get(120, TimeUnit.SECONDS));
			}
			List<java.util.concurrent.Future<Actor>> made = new ArrayList<>();
			for (int i = 0; i < signedIn.size(); i++) {
				SignedInUser user = signedIn.get(i);
				String other = signedIn.get((i + 1) % signedIn.size()).id();
				made.add(setup.submit(() -> actor(user, other)));
			}
			for (var actor : made) {
				actors.add(actor.get(60, TimeUnit.SECONDS));
			}
			for (var admin : adminUsers) {
				// An administrator attacks the admin operations on the first actor's resources.
				Actor first = actors.get(0);
				admins.add(new Actor(admin.get(120, TimeUnit.SECONDS), first.channelId(), first.messageId(),
						first.fileId(), first.user().id()));
			}
		}
		finally {
			setup.shutdownNow();
		}
	}

	private static Actor actor(SignedInUser user, String otherUserId) {
		ApiClient api = ApiClient.gateway();
		String channel = ThreeUsers.channel(user, "attack-gen");
		String message = api.post("/v1/messages", user.accessToken(),
				ApiClient.json("channelId", channel, "text", "generated input attack"))
			.expect(201)
			.get("id")
			.asString();
		String file = api.post("/v1/files/upload-url", user.accessToken(),
				ApiClient.json("filename", "attack.txt", "size", 12, "mimeType", "text/plain"))
			.expect(200)
			.get("fileId")
			.asString();
		return new Actor(user, channel, message, file, otherUserId);
	}

	@AfterAll
	static void cleanUp() {
		actors.forEach((actor) -> SignedInUsers.delete(actor.user()));
		admins.forEach((admin) -> SignedInUsers.delete(admin.user()));
	}

	/**
	 * The generated requests are sent together (in parallel, over several users and source addresses) and judged
	 * together, so that the report lists every kind of offending answer at once. Nothing is shrunk: each fault is
	 * already one rule broken in an otherwise valid request.
	 */
	@Test
	void everyGeneratedInvalidInputIsAProblemAnd4xxAndStoresNothing() throws Exception {
		long started = System.nanoTime();
		List<Operation> operations = OpenApiOperations.all();
		Random random = new Random(SEED);
		List<Case> cases = new ArrayList<>(invalidRequests().next(random));
		long attacked = cases.stream().map(Case::operation).distinct().count();
		Collections.shuffle(cases, random);
		Set<String> variants = cases.stream()
			.map((c) -> c.operation() + " " + c.kind())
			.collect(Collectors.toCollection(LinkedHashSet::new));

		Snapshot before = Snapshot.take(awaitQuietOutbox());
		List<Outcome> outcomes = send(cases);
		Snapshot after = Snapshot.take(null);
		List<String> stored = before.changes(after);
		List<String> events = before.eventsNaming(after, ids());

		int fourXx = 0;
		int fiveXx = 0;
		int twoXx = 0;
		int noProblem = 0;
		int not413 = 0;
		int unanswered = 0;
		int rateLimited = 0;
		List<Outcome> offending = new ArrayList<>();
		for (Outcome outcome : outcomes) {
			boolean bad = false;
			if (outcome.status() < 0) {
				unanswered++;
				bad = true;
			}
			else if (outcome.status() >= 500) {
				fiveXx++;
				bad = true;
			}
			else if (outcome.status() == 429) {
				// Still limited after 20 waits: the request says nothing, but the run is too fast for the limit.
				rateLimited++;
				bad = true;
			}
			else if (outcome.status() >= 400) {
				fourXx++;
			}
			else {
				twoXx++;
				bad = true;
			}
			if (outcome.status() >= 400 && outcome.problem() != null) {
				noProblem++;
				bad = true;
			}
			if (outcome.request().oversize() && outcome.status() != 413) {
				not413++;
				bad = true;
			}
			if (bad) {
				offending.add(outcome);
			}
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		System.out.printf(
				"GeneratedInputAttack seed=%d: operations=%d (attacked %d), variants=%d, requests=%d, 4xx=%d, 5xx=%d, 2xx/3xx=%d, "
						+ "without problem body=%d, oversize not 413=%d, unanswered=%d, still rate limited=%d, rows changed=%d, events=%d, %d s%n",
				SEED, operations.size(), attacked, variants.size(), outcomes.size(), fourXx, fiveXx, twoXx,
				noProblem, not413, unanswered, rateLimited, stored.size(), events.size(), seconds);
		AttackTally.record("generated bad input", new AttackTally.Attack(operations.size(), variants.size(),
				outcomes.size(), outcomes.size(), fiveXx, twoXx + stored.size() + events.size()));

		if (Boolean.getBoolean("colink.attack.verbose")) {
			outcomes.stream().collect(Collectors.groupingBy((o) -> o.request().operation() + " [" + o.request().kind() + "]",
					TreeMap::new, Collectors.summarizingLong(Outcome::millis)))
				.forEach((group, stats) -> System.out.printf("  %5d ms avg %6d ms max %4d x %s%n", (long) stats.getAverage(),
						stats.getMax(), stats.getCount(), group));
		}
		StringBuilder report = new StringBuilder();
		if (!offending.isEmpty()) {
			report.append(offending.size()).append(" offending answers (seed ").append(SEED).append("), by operation and kind:\n");
			Map<String, List<Outcome>> groups = offending.stream()
				.collect(Collectors.groupingBy((o) -> o.request().operation() + " [" + o.request().kind() + "] -> "
						+ o.status() + ((o.problem() != null) ? " " + o.problem() : ""), TreeMap::new, Collectors.toList()));
			groups.forEach((group, list) -> report.append("  ").append(list.size()).append("x ").append(group).append('\n'));
			report.append("First offending requests (one per group first):\n");
			List<Outcome> shown = new ArrayList<>();
			groups.values().forEach((list) -> shown.add(list.get(0)));
			offending.stream().filter((o) -> !shown.contains(o)).forEach(shown::add);
			shown.stream().limit(30).forEach((o) -> report.append("  ").append(o.request().describe()).append("\n    -> ")
				.append(o.status()).append(' ').append(o.mediaType()).append(' ').append(excerpt(o.body(), 300))
				.append((o.problem() != null) ? " (" + o.problem() + ")" : "").append('\n'));
		}
		stored.forEach((change) -> report.append("stored: ").append(change).append('\n'));
		events.stream().limit(10).forEach((event) -> report.append("event: ").append(event).append('\n'));
		assertThat(report.toString()).as("generated invalid input").isEmpty();
		assertThat(outcomes.size()).as("requests sent").isGreaterThanOrEqualTo(10_000);
	}

	/** For every operation that takes input, its share of the requests, drawn from its kinds of fault. */
	static Gen<List<Case>> invalidRequests() {
		List<Operation> attacked = OpenApiOperations.all().stream().filter((operation) -> !kinds(operation).isEmpty()).toList();
		int perOperation = (REQUESTS + attacked.size() - 1) / attacked.size();
		List<Gen<List<Case>>> perOperationCases = new ArrayList<>();
		for (Operation operation : attacked) {
			// Heavy kinds (bodies over 1 MiB, deep nesting) are sent less often than the others.
			Map<Gen<Case>, Integer> kinds = new LinkedHashMap<>();
			kinds(operation).forEach((kind, gen) -> kinds.put(gen, weight(kind)));
			perOperationCases.add(Gen.frequency(kinds).list(perOperation));
		}
		return (random) -> perOperationCases.stream().flatMap((gen) -> gen.next(random).stream()).toList();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Sending

	private static List<Outcome> send(List<Case> cases) throws InterruptedException {
		List<InetAddress> sources = RawHttp.loopback(16).subList(12, 16); // 127.0.0.14 to .17: the suite's own buckets
		RawHttp http = RawHttp.gateway().timeout(Duration.ofSeconds(30));
		ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
		AtomicInteger next = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
		for (int w = 0; w < WORKERS; w++) {
			RawHttp client = http.from(sources.get(w % sources.size()));
			workers.execute(() -> {
				for (int i = next.getAndIncrement(); i < cases.size(); i = next.getAndIncrement()) {
					outcomes.add(exchange(client, cases.get(i)));
				}
			});
		}
		workers.shutdown();
		assertThat(workers.awaitTermination(10, TimeUnit.MINUTES)).as("all requests answered in 10 minutes").isTrue();
		return new ArrayList<>(outcomes);
	}

	private static Outcome exchange(RawHttp http, Case request) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (request.operation().requiresAuth()) {
			headers.put("Authorization", "Bearer " + request.actor().user().accessToken());
		}
		byte[] body = (request.body() != null) ? request.body().getBytes(StandardCharsets.UTF_8) : null;
		if (body != null || request.operation().requestBodySchema() != null) {
			headers.put("Content-Type", "application/json");
		}
		byte[] bytes;
		if (request.chunked() && body != null) {
			bytes = http.chunkedRequest(request.operation().method(), request.target(), headers, body, 64 * 1024);
		}
		else {
			if (body == null && !request.operation().method().equals("GET") && !request.operation().method().equals("DELETE")) {
				headers.put("Content-Length", "0");
			}
			bytes = http.request(request.operation().method(), request.target(), headers, body);
		}
		long start = System.nanoTime();
		try {
			RawHttp.Response response = http.exchange(bytes);
			String text = response.bodyText();
			return new Outcome(request, response.status(), response.mediaType(), text, problemFault(response, text),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
		catch (RuntimeException ex) {
			return new Outcome(request, -1, "", ex.getMessage(), "no answer", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
	}

	/** What is wrong with a 4xx answer's body as an RFC 9457 problem with a code, or null when nothing is. */
	private static String problemFault(RawHttp.Response response, String body) {
		if (response.status() < 400) {
			return null;
		}
		if (!response.mediaType().equals("application/problem+json")) {
			return "not application/problem+json";
		}
		try {
			JsonNode problem = JSON.readTree(body);
			if (!problem.isObject() || !problem.path("code").isTextual() || problem.path("code").asText().isEmpty()) {
				return "no code";
			}
			if (problem.path("status").isInt() && problem.path("status").asInt() != response.status()) {
				return "status member " + problem.path("status").asInt();
			}
			return null;
		}
		catch (Exception ex) {
			return "body not JSON";
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// Generation: per operation, the kinds of fault its schemas allow, each an arbitrary of cases

	private static int weight(String kind) {
		return switch (kind) {
			case "oversize", "body deep" -> 1;
			default -> 4;
		};
	}

	/** The kinds of invalid request an operation can be sent, by name; empty when it takes no input at all. */
	static Map<String, Gen<Case>> kinds(Operation operation) {
		Map<String, Gen<Case>> kinds = new LinkedHashMap<>();
		Gen<Actor> actor = Gen.of(callers(operation));
		for (Param param : operation.pathParams()) {
			Gen<String> bad = invalidValue(param.name(), param.schema(), true);
			if (bad != null && !anyValueDocumented(param)) {
				kinds.put("path " + param.name(), actor.flatMap((caller) -> bad.map((value) -> new Case(operation,
						"path " + param.name(), target(operation, caller, Map.of(param.name(), OpenApiOperations.encode(value)),
								Map.of(), null), validBody(operation, caller), false, false, caller))));
			}
		}
		for (Param param : operation.queryParams()) {
			Gen<String> bad = invalidValue(param.name(), param.schema(), false);
			if (bad != null && !freeQuery(operation, param) && !anyValueDocumented(param)) {
				kinds.put("query " + param.name(), actor.flatMap((caller) -> bad.map((value) -> new Case(operation,
						"query " + param.name(), target(operation, caller, Map.of(), Map.of(param.name(), value), null), null,
						false, false, caller))));
			}
			if (param.required()) {
				kinds.put("query " + param.name() + " missing", actor.map((caller) -> new Case(operation,
						"query " + param.name() + " missing", target(operation, caller, Map.of(), Map.of(), param.name()),
						null, false, false, caller)));
			}
		}
		JsonNode schema = operation.requestBodySchema();
		if (schema != null) {
			bodyKinds(operation, schema, actor, kinds);
		}
		return kinds;
	}

	private static void bodyKinds(Operation operation, JsonNode schema, Gen<Actor> actor,
			Map<String, Gen<Case>> kinds) {
		Function<String, Function<Actor, Function<String, Case>>> bodyCase = (kind) -> (caller) -> (body) -> new Case(
				operation, kind, target(operation, caller, Map.of(), Map.of(), null), body, false, false, caller);
		if (operation.requestBodyRequired()) {
			kinds.put("body missing", actor.map((caller) -> bodyCase.apply("body missing").apply(caller).apply(null)));
		}
		kinds.put("body not JSON", actor.flatMap((caller) -> notJson(validBody(operation, caller))
			.map(bodyCase.apply("body not JSON").apply(caller))));
		kinds.put("body of another type", actor.flatMap((caller) -> Gen
			.of("[]", "\"text\"", "1", "true", "null", "[" + validBody(operation, caller) + "]", "1e999")
			.map(bodyCase.apply("body of another type").apply(caller))));
		kinds.put("body deep", actor.flatMap((caller) -> Gen.integers(1_100, 20_000)
			.flatMap((depth) -> Gen.of("[", "{\"a\":").map((open) -> deep(open, depth)))
			.map((deep) -> bodyCase.apply("body deep").apply(caller).apply(deep))));
		kinds.put("unknown member", actor.flatMap((caller) -> Gen.alpha(1, 20)
			.filter((name) -> !schema.path("properties").has(name))
			.flatMap((name) -> anyJson().map((value) -> {
				ObjectNode body = validObject(operation, caller);
				body.set(name, value);
				return bodyCase.apply("unknown member").apply(caller).apply(body.toString());
			}))));
		kinds.put("oversize", actor.flatMap((caller) -> Gen.integers(OVERSIZE, 2 * OVERSIZE)
			.flatMap((size) -> Gen.of(false, true).map((chunked) -> {
				ObjectNode body = validObject(operation, caller);
				String member = schema.path("properties").fieldNames().hasNext()
						? schema.path("properties").fieldNames().next() : "padding";
				body.put(member, "a".repeat(size));
				return new Case(operation, "oversize", target(operation, caller, Map.of(), Map.of(), null), body.toString(),
						chunked, true, caller);
			}))));
		for (String required : iterable(schema.path("required"))) {
			kinds.put("member " + required + " missing", actor.flatMap((caller) -> Gen.of(false, true).map((asNull) -> {
				ObjectNode body = validObject(operation, caller);
				if (asNull) {
					body.putNull(required);
				}
				else {
					body.remove(required);
				}
				return bodyCase.apply("member " + required + " missing").apply(caller).apply(body.toString());
			})));
		}
		schema.path("properties").properties().forEach((property) -> {
			String name = property.getKey();
			JsonNode propertySchema = property.getValue();
			Gen<String> wrongType = wrongTypeJson(propertySchema);
			if (wrongType != null) {
				kinds.put("member " + name + " of a wrong type", actor.flatMap((caller) -> wrongType
					.map((raw) -> bodyCase.apply("member " + name + " of a wrong type").apply(caller)
						.apply(withRaw(validObject(operation, caller), name, raw)))));
			}
			Gen<String> bad = invalidValue(name, propertySchema, false);
			if (bad != null) {
				kinds.put("member " + name + " breaks its rule", actor.flatMap((caller) -> bad.map((value) -> {
					ObjectNode body = validObject(operation, caller);
					body.put(name, value);
					return bodyCase.apply("member " + name + " breaks its rule").apply(caller).apply(body.toString());
				})));
			}
			Gen<String> badRaw = invalidNumberOrArray(propertySchema);
			if (badRaw != null) {
				kinds.put("member " + name + " out of range", actor.flatMap((caller) -> badRaw
					.map((raw) -> bodyCase.apply("member " + name + " out of range").apply(caller)
						.apply(withRaw(validObject(operation, caller), name, raw)))));
			}
		});
	}

	/** A parameter whose description makes every value valid: one that names nothing "changes nothing". */
	private static boolean anyValueDocumented(Param param) {
		String description = param.schema().path("description").asText("") + " " + param.description();
		return description.contains("changes nothing") || description.contains("matches nothing");
	}

	/** Query parameters whose any string is documented valid (they filter: an unknown value matches nothing). */
	private static boolean freeQuery(Operation operation, Param param) {
		return param.schema().path("type").asText().equals("string") && !param.schema().has("minLength")
				&& !param.schema().has("maxLength") && !param.schema().has("pattern") && !param.schema().has("enum")
				&& !isId(param.name()) && !param.name().equals("cursor") && !param.name().equals("userIds")
				|| operation.pathTemplate().equals("/v1/admin/audit-logs") && List.of("actorId", "targetId", "action").contains(param.name());
	}

	private static List<Actor> callers(Operation operation) {
		return operation.pathTemplate().startsWith("/v1/admin/") ? admins : actors;
	}

	private static boolean isId(String name) {
		return name.equals("id") || name.endsWith("Id");
	}

	/**
	 * Values that break the rule of a string (or id, emoji, cursor) parameter or member; null when its schema allows
	 * every string. A path value is later percent-encoded, so only the value is malformed, not the request line.
	 */
	static Gen<String> invalidValue(String name, JsonNode schema, boolean inPath) {
		List<Gen<String>> choices = new ArrayList<>();
		String type = schema.path("type").asText();
		if (schema.has("enum") || schema.has("const")) {
			Set<String> allowed = new LinkedHashSet<>();
			schema.path("enum").forEach((value) -> allowed.add(value.asText()));
			if (schema.has("const")) {
				allowed.add(schema.get("const").asText());
			}
			choices.add(Gen.oneOf(hostile(), Gen.of(allowed).map((value) -> value.toUpperCase() + "x"),
					Gen.of(allowed).map((value) -> value + "\u0000"), Gen.of(allowed).map((value) -> " " + value))
				.filter((value) -> !allowed.contains(value)));
		}
		else if (type.equals("integer") || type.equals("number")) {
			if (inPath || !schema.path("type").isTextual()) {
				return null;
			}
			// A query value that is not a number in range.
			long max = schema.path("maximum").asLong(schema.path("exclusiveMaximum").asLong(Long.MAX_VALUE) - 1);
			long min = schema.path("minimum").asLong(Long.MIN_VALUE);
			choices.add(Gen.oneOf(hostile(),
					Gen.of("", "abc", "1.5", "1e3", "0x10", "99999999999999999999999", "-99999999999999999999",
							"NaN", "Infinity", "+-1", "١٢"),
					(max < Long.MAX_VALUE - 1) ? Gen.longs(max + 1, max + 1_000_000).map(String::valueOf)
							: Gen.just("abc"),
					(min > Long.MIN_VALUE) ? Gen.longs(min - 1_000_000, min - 1).map(String::valueOf)
							: Gen.just("abc"))
				.filter((value) -> !isNumberIn(value, min, max)));
		}
		else if (isId(name) || name.equals("userIds")) {
			choices.add(hostile().filter((value) -> !UUID_SHAPE.matcher(value.trim()).matches()));
			if (name.equals("userIds")) {
				// More than 200 ids do not fit the gateway's 4 KiB request line: only malformed entries are sent.
				choices.add(hostile().filter((bad) -> !UUID_SHAPE.matcher(bad.trim()).matches())
					.map((bad) -> UUID.randomUUID() + "," + bad));
			}
		}
		else if (name.equals("emoji")) {
			choices.add(Gen.oneOf(hostile(), Gen.of("abc", ":Upper:", ":a b:", "::", ":" + "a".repeat(61) + ":",
					"x\uD83D\uDE00", ":smile", "smile:", ":smi\u0000le:", ":\u202Esmile:"))
				.filter((value) -> !value.matches(":[a-z0-9_+-]{1,60}:") && !isSingleEmoji(value) && !value.matches("[0-9#*]")));
		}
		else if (name.equals("cursor")) {
			choices.add(Gen.oneOf(hostile(), Gen.strings('A', 'z', 1, 60),
					Gen.of("eyJpZCI6MX0", "eyJpZCI6Im5vdC1hLXV1aWQifQ", "AAAA", "////", "null", "0", "-1",
							"eyJhIjoiXHUwMDAwIn0", java.util.Base64.getUrlEncoder().encodeToString("{\"id\":\"x'--\"}".getBytes()))));
		}
		if (type.equals("string") || type.isEmpty() && !schema.has("enum") && !schema.has("const")) {
			List<Gen<String>> rules = new ArrayList<>();
			if (schema.has("maxLength")) {
				int max = schema.get("maxLength").asInt();
				rules.add(Gen.integers(max + 1, Math.max(max + 1, Math.min(max * 2, 40_000)))
					.map((n) -> "x".repeat(n)));
			}
			if (schema.path("minLength").asInt(0) > 0) {
				int min = schema.get("minLength").asInt();
				rules.add(Gen.integers(0, min - 1).map((n) -> "x".repeat(n)));
			}
			if (schema.has("pattern")) {
				Pattern pattern = Pattern.compile(schema.get("pattern").asText());
				rules.add(Gen.oneOf(hostile(), Gen.text(0, 30))
					.filter((value) -> !pattern.matcher(value).find()));
			}
			if ("email".equals(schema.path("format").asText())) {
				rules.add(Gen.oneOf(hostile(), Gen.of("not-an-email", "a@", "@b.c", "a b@c.d", "a@@b.c", "a@b@c"))
					.filter((value) -> !value.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")));
			}
			String description = schema.path("description").asText("").toLowerCase();
			if (description.contains("no nul")) {
				rules.add(Gen.alpha(1, 20).map((value) -> value + "\u0000" + value));
			}
			if (description.contains("no control")) {
				rules.add(Gen.strings('\u0001', '\u001f', 1, 5)
					.map((value) -> "aw" + value + "ay")); // inside: trimming takes them off the ends
			}
			if (!rules.isEmpty()) {
				choices.addAll(rules);
			}
		}
		return choices.isEmpty() ? null : Gen.oneOf(choices);
	}

	/** Strings no id, enum, pattern or emoji accepts: control, NUL and bidi characters, injections, huge ones. */
	static Gen<String> hostile() {
		return Gen.oneOf(
				Gen.of("not-an-id", "0", "-1", "null", "undefined", "true", "[]", "{}", "' OR '1'='1", "1; drop table users",
						"../../etc/passwd", "..", "%", "%zz", "\u0000", "a\u0000b", "\u202Eevil", "\u2066x\u2069", "\u200B",
						"\uFEFF", "\uD83D\uDE00", "\u00e9", "１２３", "\r\nX-Injected: 1", "<script>", "${jndi:ldap://x}",
						"00000000-0000-0000-0000-00000000000g", "{00000000-0000-0000-0000-000000000000}",
						"urn:uuid:00000000-0000-0000-0000-000000000000", "1-1-1-1-1"),
				Gen.strings('\u0000', '\u001f', 1, 8),
				Gen.strings("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F", 1, 8),
				Gen.strings('\u0000', '\uD7FF', 1, 40),
				Gen.integers(1_000, 3_000).map((n) -> "a".repeat(n)),
				Gen.strings('0', '9', 1, 40),
				Gen.uuids().map((uuid) -> uuid + "x"),
				Gen.uuids().map((uuid) -> uuid.toString().substring(1)),
				Gen.uuids().map((uuid) -> uuid.toString().replace("-", "")));
	}

	/** A JSON value (raw text) of another type than the schema's. */
	static Gen<String> wrongTypeJson(JsonNode schema) {
		Set<String> types = new LinkedHashSet<>();
		if (schema.path("type").isArray()) {
			schema.path("type").forEach((t) -> types.add(t.asText()));
		}
		else if (schema.has("type")) {
			types.add(schema.get("type").asText());
		}
		else if (schema.has("enum") || schema.has("const")) {
			types.add("string");
		}
		else {
			return null;
		}
		List<String> values = new ArrayList<>();
		if (!types.contains("string")) {
			values.addAll(List.of("\"12\"", "\"true\"", "\"\""));
		}
		if (!types.contains("integer") && !types.contains("number")) {
			values.addAll(List.of("12", "-1", "0", "1.5"));
		}
		if (!types.contains("boolean")) {
			values.addAll(List.of("true", "false"));
		}
		if (!types.contains("object")) {
			values.addAll(List.of("{}", "{\"a\":\"b\"}"));
		}
		if (!types.contains("array")) {
			values.addAll(List.of("[]", "[\"a\"]"));
		}
		if (types.contains("integer")) {
			values.add("1.5");
		}
		return Gen.of(values);
	}

	/** Numbers out of range (raw JSON: huge, fractional, negative) or arrays breaking maxItems/uniqueItems/items. */
	static Gen<String> invalidNumberOrArray(JsonNode schema) {
		String type = schema.path("type").asText();
		if (type.equals("integer") || type.equals("number")) {
			List<Gen<String>> choices = new ArrayList<>();
			choices.add(Gen.of("1e400", "-1e400", "123456789012345678901234567890", "-9223372036854775809",
					"9223372036854775808", "1" + "0".repeat(5000)));
			if (type.equals("integer")) {
				choices.add(Gen.of("1.5", "1.0000001", "2.5e-3"));
			}
			if (schema.has("minimum")) {
				long min = schema.get("minimum").asLong();
				choices.add(Gen.longs(min - 1_000_000, min - 1).map(String::valueOf));
			}
			if (schema.has("maximum") || schema.has("exclusiveMaximum")) {
				long max = schema.has("maximum") ? schema.get("maximum").asLong() : schema.get("exclusiveMaximum").asLong() - 1;
				choices.add(Gen.longs(max + 1, max + 1_000_000).map(String::valueOf));
			}
			return Gen.oneOf(choices);
		}
		if (type.equals("array")) {
			List<Gen<String>> choices = new ArrayList<>();
			JsonNode items = schema.path("items");
			choices.add(Gen.of("[1]", "[true]", "[{}]", "[[]]", "[null]"));
			if (schema.has("maxItems")) {
				int max = schema.get("maxItems").asInt();
				choices.add(Gen.integers(max + 1, max + 50).map((n) -> IntStream.range(0, n)
					.mapToObj((i) -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(",", "[", "]"))));
			}
			if (schema.path("uniqueItems").asBoolean()) {
				choices.add(Gen.uuids().map((id) -> "[\"" + id + "\",\"" + id + "\"]"));
			}
			if ("uuid".equals(items.path("format").asText())) {
				choices.add(hostile().filter((value) -> !UUID_SHAPE.matcher(value.trim()).matches())
					.map((value) -> JsonNodeFactory.instance.arrayNode().add(value).toString()));
			}
			return Gen.oneOf(choices);
		}
		return null;
	}

	static Gen<String> notJson(String valid) {
		return Gen.oneOf(
				Gen.of("{", "}", "{\"a\":", "{\"a\" 1}", "{'a':1}", "{a:1}", "nul", "tru", "[1,2", "{\"a\":1,}",
						"{\"a\":01}", "{\"a\":.5}", "{\"a\":NaN}", "{\"a\":Infinity}", "/*c*/{}", "{}//c", "\u0000",
						"{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\t\"}", "<xml/>", "a=1&b=2"),
				Gen.integers(1, Math.max(1, valid.length() - 1)).map((n) -> valid.substring(0, n)),
				Gen.of(" x", "}", "]", ",{}", "{}", " null", " 1").map((tail) -> valid + tail),
				Gen.strings('\u0000', '\uD7FF', 1, 50).filter((text) -> !isJson(text)),
				Gen.just(valid.replaceFirst("\"", "\"\u0000")).filter((text) -> !isJson(text)),
				Gen.just(new String(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' },
						StandardCharsets.ISO_8859_1)))
			.filter((text) -> !isJson(text));
	}

	static Gen<JsonNode> anyJson() {
		return Gen.oneOf(Gen.text(0, 20).map((s) -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
				Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE).map((i) -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
				Gen.of(true, false).map((b) -> (JsonNode) JsonNodeFactory.instance.booleanNode(b)),
				Gen.just((JsonNode) JsonNodeFactory.instance.nullNode()),
				Gen.just((JsonNode) JsonNodeFactory.instance.objectNode().put("a", 1)));
	}

	// ---------------------------------------------------------------------------------------------------------
	// The valid parts of a request

	/** The path with real ids of the caller's (overridden by the given raw values) and the valid query, if any. */
	private static String target(Operation operation, Actor caller, Map<String, String> rawPath,
			Map<String, String> query, String dropped) {
		String path = operation.path((name) -> rawPath.containsKey(name) ? rawPath.get(name)
				: OpenApiOperations.encode(validId(operation, name, caller)));
		Map<String, String> values = new LinkedHashMap<>(validQuery(operation, caller));
		values.putAll(query);
		values.remove(dropped);
		if (values.isEmpty()) {
			return path;
		}
		return path + "?" + values.entrySet().stream()
			.map((entry) -> entry.getKey() + "=" + OpenApiOperations.encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	/** A real id for a path parameter: the caller's channel, message or file, or another user. */
	private static String validId(Operation operation, String name, Actor caller) {
		String template = operation.pathTemplate();
		if (name.equals("emoji")) {
			return ":thumbsup:";
		}
		if (name.equals("messageId") || template.startsWith("/v1/messages/")) {
			return caller.messageId();
		}
		if (template.startsWith("/v1/channels/")) {
			return name.equals("userId") ? caller.otherUserId() : caller.channelId();
		}
		if (template.startsWith("/v1/files/")) {
			return caller.fileId();
		}
		return caller.otherUserId();
	}

	/** The query a valid request of the operation sends (its conversation, its required parameters). */
	private static Map<String, String> validQuery(Operation operation, Actor caller) {
		Map<String, String> query = new LinkedHashMap<>();
		switch (operation.method() + " " + operation.pathTemplate()) {
			case "GET /v1/messages" -> query.put("channelId", caller.channelId());
			case "GET /v1/search/messages" -> query.put("q", "attack");
			case "GET /v1/presence" -> query.put("userIds", caller.otherUserId());
			default -> operation.queryParams().stream().filter(Param::required)
				.forEach((param) -> query.put(param.name(), validString(param.name(), param.schema(), caller)));
		}
		return query;
	}

	private static String validBody(Operation operation, Actor caller) {
		return (operation.requestBodySchema() != null) ? validObject(operation, caller).toString() : null;
	}

	/** A body that a service accepts, but for the one fault a case puts in: known shapes first, else the schema's. */
	static ObjectNode validObject(Operation operation, Actor caller) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		String key = "attack-" + UUID.randomUUID();
		switch (operation.method() + " " + operation.pathTemplate()) {
			case "POST /v1/messages" -> body.put("channelId", caller.channelId()).put("text", "hello").put("idempotencyKey", key);
			case "POST /v1/threads" -> body.put("parentMessageId", caller.messageId()).put("text", "hello").put("idempotencyKey", key);
			case "POST /v1/presence/typing" -> body.put("channelId", caller.channelId());
			case "PATCH /v1/messages/{id}" -> body.put("text", "edited");
			case "POST /v1/messages/{messageId}/reactions" -> body.put("emoji", ":thumbsup:").put("idempotencyKey", key);
			case "POST /v1/presence" -> body.put("status", "online");
			case "POST /v1/channels" -> body.put("name", "attack-" + UUID.randomUUID().toString().substring(0, 8))
				.put("idempotencyKey", key);
			case "POST /v1/channels/{id}/members" -> body.put("userId", caller.otherUserId());
			case "POST /v1/files/upload-url" -> body.put("filename", "a.txt").put("size", 12).put("mimeType", "text/plain")
				.put("idempotencyKey", key);
			case "POST /v1/admin/users" -> body.put("username", "attack-" + UUID.randomUUID().toString().substring(0, 8))
				.put("email", UUID.randomUUID() + "@attack.invalid").put("displayName", "Attack").put("password", "attack-password-1");
			case "POST /auth/login" -> body.put("username", "attack-nobody").put("password", "not-the-password");
			case "POST /auth/login/verify" -> body.put("challengeId", "attack-challenge").put("method", "totp").put("code", "123456");
			default -> {
				JsonNode schema = operation.requestBodySchema();
				for (String required : iterable(schema.path("required"))) {
					body.set(required, validValue(required, schema.path("properties").path(required), caller));
				}
			}
		}
		return body;
	}

	private static JsonNode validValue(String name, JsonNode schema, Actor caller) {
		if (schema.has("const")) {
			return schema.get("const");
		}
		if (schema.has("enum")) {
			return schema.get("enum").get(0);
		}
		return switch (schema.path("type").asText()) {
			case "integer", "number" -> JsonNodeFactory.instance.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
			case "boolean" -> JsonNodeFactory.instance.booleanNode(false);
			case "array" -> JsonNodeFactory.instance.arrayNode();
			case "object" -> JsonNodeFactory.instance.objectNode();
			default -> JsonNodeFactory.instance.textNode(validString(name, schema, caller));
		};
	}

	private static String validString(String name, JsonNode schema, Actor caller) {
		if (name.equals("channelId")) {
			return caller.channelId();
		}
		if (name.equals("messageId") || name.equals("parentMessageId")) {
			return caller.messageId();
		}
		if (isId(name)) {
			return caller.otherUserId();
		}
		String value = schema.has("pattern") && "^\\d{6}$".equals(schema.get("pattern").asText()) ? "123456"
				: "attack-" + UUID.randomUUID().toString().substring(0, 8);
		if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
			value = value.substring(0, schema.get("maxLength").asInt());
		}
		if (schema.has("minLength") && value.length() < schema.get("minLength").asInt()) {
			value = value + "x".repeat(schema.get("minLength").asInt() - value.length());
		}
		return value;
	}

	private static String withRaw(ObjectNode body, String name, String raw) {
		body.put(name, RAW);
		return body.toString().replace("\"" + RAW.replace("\u0001", "\\u0001") + "\"", raw);
	}

	private static String deep(String open, int depth) {
		String close = open.equals("[") ? "]" : "}";
		return open.repeat(depth) + (open.equals("[") ? "1" : "1") + close.repeat(depth);
	}

	private static boolean isJson(String text) {
		try {
			JSON.readTree(text);
			// readTree accepts a first value followed by more: count it as JSON only if nothing follows.
			try (var parser = JSON.createParser(text)) {
				parser.readValueAsTree();
				return parser.nextToken() == null;
			}
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static boolean isNumberIn(String value, long min, long max) {
		try {
			long number = Long.parseLong(value);
			return number >= min && number <= max;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static boolean isSingleEmoji(String value) {
		return value.codePointCount(0, value.length()) == 1 && Character.getType(value.codePointAt(0)) == Character.OTHER_SYMBOL;
	}

	private static List<String> iterable(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asText()));
		return values;
	}

	private static String excerpt(String text, int max) {
		if (text == null) {
			return "";
		}
		String shown = text.length() > max ? text.substring(0, max) + "...(" + text.length() + " chars)" : text;
		StringBuilder escaped = new StringBuilder();
		shown.codePoints().forEach((c) -> {
			if (c < 0x20 || c == 0x7f || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e)
					|| (c >= 0x2066 && c <= 0x2069) || c == 0xfeff) {
				escaped.append(String.format("\\u%04x", c));
			}
			else {
				escaped.appendCodePoint(c);
			}
		});
		return escaped.toString();
	}

	// ---------------------------------------------------------------------------------------------------------
	// What is stored: the callers' rows in every main table, and the events on Kafka

	private static Set<String> ids() {
		Set<String> ids = new LinkedHashSet<>();
		for (Actor actor : actors) {
			ids.addAll(List.of(actor.user().id(), actor.channelId(), actor.messageId(), actor.fileId()));
		}
		admins.forEach((admin) -> ids.add(admin.user().id()));
		return ids;
	}

	/** Waits until the outbox holds no event of the setup (they would otherwise reach Kafka during the run). */
	private static Map<TopicPartition, Long> awaitQuietOutbox() {
		String any = String.join("|", ids());
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> Snapshot.count("select count(*) from outbox where payload::text ~ ?", any) == 0);
		return Snapshot.endOffsets();
	}

	/** The callers' rows, counted and fingerprinted table by table, and the end offsets of Colink's topics. */
	record Snapshot(Map<String, String> rows, Map<String, Long> tables, Map<TopicPartition, Long> offsets) {

		private static final String DB_URL = env("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

		static Snapshot take(Map<TopicPartition, Long> offsets) throws SQLException {
			String[] users = actorsAndAdmins();
			String[] channels = actors.stream().map(Actor::channelId).toArray(String[]::new);
			String[] messages = actors.stream().map(Actor::messageId).toArray(String[]::new);
			Map<String, String> rows = new LinkedHashMap<>();
			Map<String, Long> tables = new TreeMap<>();
			try (Connection db = connect()) {
				rows.put("users", fingerprint(db, "select id, username, display_name, status from users where id = any(?::uuid[])", users));
				rows.put("blocks", fingerprint(db, "select * from blocks where blocker_id = any(?::uuid[]) or blocked_id = any(?1::uuid[])", users));
				rows.put("channels", fingerprint(db, "select id, name, display_name, is_private, member_count from channels where created_by = any(?::uuid[])", users));
				rows.put("channel_members", fingerprint(db, "select channel_id, user_id, role from channel_members where user_id = any(?::uuid[]) or channel_id = any(?2::uuid[])", users, channels));
				rows.put("direct_conversations", fingerprint(db, "select id from direct_conversations where user_a = any(?::uuid[]) or user_b = any(?1::uuid[])", users));
				rows.put("messages", fingerprint(db, "select id, text, edited_at, is_deleted, thread_id from messages where sender_id = any(?::uuid[]) or channel_id = any(?2::uuid[])", users, channels));
				rows.put("threads", fingerprint(db, "select id, reply_count from threads where parent_message_id = any(?::uuid[])", messages));
				rows.put("files", fingerprint(db, "select id, filename, size, mime_type, status from files where uploaded_by = any(?::uuid[])", users));
				rows.put("reactions", fingerprint(db, "select * from reactions where user_id = any(?::uuid[]) or message_id = any(?2::uuid[])", users, messages));
				rows.put("audit_logs", fingerprint(db, "select id from audit_logs where actor_id = any(?::uuid[]) or target_id = any(?::text[])", users, join(users, channels, messages)));
				rows.put("idempotency_keys", fingerprint(db, "select user_id, operation, key from idempotency_keys where user_id = any(?::uuid[])", users));
				for (String table : List.of("users", "channels", "channel_members", "direct_conversations", "messages",
						"threads", "files", "message_files", "reactions", "blocks", "audit_logs", "idempotency_keys")) {
					try (PreparedStatement count = db.prepareStatement("select count(*) from " + table);
							ResultSet result = count.executeQuery()) {
						result.next();
						tables.put(table, result.getLong(1));
					}
				}
			}
			return new Snapshot(rows, tables, (offsets != null) ? offsets : endOffsets());
		}

		/** The callers' tables whose rows differ, and (for reading only) how the whole tables' counts moved. */
		List<String> changes(Snapshot after) {
			List<String> changes = new ArrayList<>();
			this.rows.forEach((table, fingerprint) -> {
				if (!fingerprint.equals(after.rows().get(table))) {
					changes.add(table + ": the callers' rows were " + fingerprint + ", are " + after.rows().get(table));
				}
			});
			Map<String, Long> moved = new TreeMap<>();
			this.tables.forEach((table, count) -> {
				long delta = after.tables().get(table) - count;
				if (delta != 0) {
					moved.put(table, delta);
				}
			});
			System.out.println("GeneratedInputAttack: whole-table row count changes during the run (any client's): " + moved);
			return changes;
		}

		/** The events that reached Kafka during the run and name one of the callers or their resources. */
		List<String> eventsNaming(Snapshot after, Set<String> ids) {
			List<String> found = new ArrayList<>();
			try (KafkaConsumer<String, String> consumer = consumer()) {
				List<TopicPartition> partitions = new ArrayList<>(after.offsets().keySet());
				consumer.assign(partitions);
				Map<TopicPartition, Long> remaining = new LinkedHashMap<>();
				for (TopicPartition partition : partitions) {
					long from = this.offsets.getOrDefault(partition, 0L);
					consumer.seek(partition, from);
					if (after.offsets().get(partition) > from) {
						remaining.put(partition, after.offsets().get(partition));
					}
				}
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (!remaining.isEmpty() && System.nanoTime() < deadline) {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
						TopicPartition partition = new TopicPartition(record.topic(), record.partition());
						Long end = remaining.get(partition);
						if (end == null || record.offset() >= end) {
							continue;
						}
						String value = String.valueOf(record.value());
						if (ids.stream().anyMatch(value::contains)) {
							found.add(record.topic() + " " + excerpt(value, 300));
						}
						if (record.offset() + 1 >= end) {
							remaining.remove(partition);
						}
					}
				}
			}
			return found;
		}

		static Map<TopicPartition, Long> endOffsets() {
			try (KafkaConsumer<String, String> consumer = consumer()) {
				List<TopicPartition> partitions = new ArrayList<>();
				for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
					if (topic.getKey().startsWith("colink.")) {
						topic.getValue().forEach((p) -> partitions.add(new TopicPartition(p.topic(), p.partition())));
					}
				}
				return new LinkedHashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
			}
		}

		private static KafkaConsumer<String, String> consumer() {
			Properties properties = new Properties();
			properties.put("bootstrap.servers", env("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
			properties.put("enable.auto.commit", "false");
			properties.put("isolation.level", "read_committed");
			return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
		}

		static long count(String sql, String parameter) throws SQLException {
			try (Connection db = connect(); PreparedStatement statement = db.prepareStatement(sql)) {
				statement.setString(1, parameter);
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					return result.getLong(1);
				}
			}
		}

		private static String fingerprint(Connection db, String sql, String[]... arrays) throws SQLException {
			// ?1 / ?2 name the first or second array again; plain ? takes the next one.
			List<String[]> parameters = new ArrayList<>();
			StringBuilder jdbc = new StringBuilder();
			int plain = 0;
			for (int i = 0; i < sql.length(); i++) {
				char c = sql.charAt(i);
				if (c == '?') {
					if (i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
						parameters.add(arrays[sql.charAt(++i) - '1']);
					}
					else {
						parameters.add(arrays[plain++]);
					}
				}
				jdbc.append(c);
			}
			String wrapped = "select count(*), coalesce(md5(string_agg(r::text, ',' order by r::text)), '') from (" + jdbc + ") r";
			try (PreparedStatement statement = db.prepareStatement(wrapped)) {
				for (int i = 0; i < parameters.size(); i++) {
					statement.setArray(i + 1, db.createArrayOf("text", parameters.get(i)));
				}
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					return result.getLong(1) + " rows " + result.getString(2).substring(0, Math.min(8, result.getString(2).length()));
				}
			}
		}

		private static String[] actorsAndAdmins() {
			List<String> users = new ArrayList<>();
			actors.forEach((actor) -> users.add(actor.user().id()));
			admins.forEach((admin) -> users.add(admin.user().id()));
			return users.toArray(String[]::new);
		}

		private static String[] join(String[]... arrays) {
			return java.util.Arrays.stream(arrays).flatMap(java.util.Arrays::stream).toArray(String[]::new);
		}

		private static Connection connect() throws SQLException {
			return DriverManager.getConnection(DB_URL, env("COLINK_DB_USER", "colink"), env("COLINK_DB_PASSWORD", "colink"));
		}

		private static String env(String name, String fallback) {
			String value = System.getenv(name);
			return (value == null || value.isBlank()) ? fallback : value;
		}

	}

}
