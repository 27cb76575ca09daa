package dev.colink.attack;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.colink.attack.OpenApiOperations.Operation;
import dev.colink.attack.OpenApiOperations.Param;
import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.RealmTokens;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, for every operation of api-specs/openapi (a new one is attacked without anyone listing it):
 * <ul>
 * <li>every operation that needs a token, with no token, an expired one, a bad signature, another issuer's, an
 * unsigned ({@code alg: none}) one, and the still-unexpired token of a deactivated user: 401 (a deactivated
 * user on {@code /v1/admin/**}: 403, the gateway's refusal of a non-admin), never anything else;</li>
 * <li>every operation that names a resource (a path id, or an id in the query or body), as a signed-in user who is
 * no member, no admin and no party to it, on the victim's private channel, DM, message, thread, reaction and file
 * (BOLA): a 4xx, never a 2xx or a 5xx;</li>
 * <li>and nothing of it written: row counts and Kafka's end offsets the same before and after.</li>
 * </ul>
 * Operations that any user may do with another user's id are listed in {@link #ANYONE_MAY}, with the reason.
 */
class AuthorizationAttackTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Operations a user may legitimately do on someone else's resource id, and why. */
	static final Map<String, String> ANYONE_MAY = Map.of(
			"GET /v1/users/{id}", "the users directory: any signed-in user reads any profile",
			"POST /v1/users/{id}/block", "anyone may block anyone",
			"DELETE /v1/users/{id}/block", "anyone may unblock whom they blocked (a no-op otherwise)",
			"GET /v1/presence", "statuses are readable by any signed-in user, as in Slack and Mattermost",
			"POST /v1/messages", "anyone may write a DM to anyone who has not blocked them (the body's recipientId)");

	/** Query parameters or body members that name another user for the caller's own business, and why. */
	static final Map<String, String> ANYONE_MAY_NAME = Map.of("GET /v1/messages userId",
			"the caller's own DM with that user (empty when they have none)");

	private static final ApiClient api = ApiClient.gateway();

	private static SignedInUser victim;

	private static SignedInUser friend;

	private static SignedInUser attacker;

	private static SignedInUser deactivated;

	/** The victim's resources, by the name a path, query or body gives their id. */
	private static final Map<String, String> VICTIMS = new LinkedHashMap<>();

	@BeforeAll
	static void aVictimWithOneOfEverything() {
		victim = SignedInUsers.create("bola-victim");
		friend = SignedInUsers.create("bola-friend");
		attacker = SignedInUsers.create("bola-mallory");
		deactivated = SignedInUsers.create("bola-gone");
		String channel = api.post("/v1/channels", victim.accessToken(),
				json("name", "bola-" + UUID.randomUUID().toString().substring(0, 8), "isPrivate", true))
			.expect(201).get("id").asString();
		api.post("/v1/channels/" + channel + "/members", victim.accessToken(), json("userId", friend.id())).expect(201);
		String channelMessage = api.post("/v1/messages", victim.accessToken(), json("channelId", channel, "text",
				"private channel text", "idempotencyKey", UUID.randomUUID().toString())).expect(201).get("id").asString();
		tools.jackson.databind.JsonNode dm = api.post("/v1/messages", victim.accessToken(), json("recipientId",
				friend.id(), "text", "private DM text", "idempotencyKey", UUID.randomUUID().toString())).expect(201);
		String thread = api.post("/v1/threads", friend.accessToken(), json("parentMessageId", dm.get("id").asString(),
				"text", "a private reply", "idempotencyKey", UUID.randomUUID().toString()))
			.expect(201).get("thread").get("id").asString();
		api.post("/v1/messages/" + dm.get("id").asString() + "/reactions", friend.accessToken(),
				json("emoji", "👍", "idempotencyKey", UUID.randomUUID().toString())).expect(201);
		String file = api.post("/v1/files/upload-url", victim.accessToken(), json("filename", "secret.txt", "size", 5,
				"mimeType", "text/plain", "idempotencyKey", UUID.randomUUID().toString())).expect(200).get("fileId").asString();
		VICTIMS.put("channelId", channel);
		VICTIMS.put("channelMessageId", channelMessage);
		VICTIMS.put("messageId", dm.get("id").asString());
		VICTIMS.put("parentMessageId", dm.get("id").asString());
		VICTIMS.put("dmId", dm.get("dmId").asString());
		VICTIMS.put("threadId", thread);
		VICTIMS.put("fileId", file);
		VICTIMS.put("userId", victim.id());
		VICTIMS.put("emoji", "👍");
		api.post("/v1/admin/users/" + deactivated.id() + "/deactivate", RealmTokens.adminAccessToken(), null).expect(200);
		// Services read a user's status at most every few seconds: from then on the unexpired token is worth nothing.
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> api.get("/v1/users/me", deactivated.accessToken()).status() == 401);
	}

	@AfterAll
	static void cleanUp() {
		for (SignedInUser user : List.of(victim, friend, attacker, deactivated)) {
			SignedInUsers.delete(user);
		}
	}

	@Test
	void everyOperationRefusesEveryTokenThatIsNotAValidOneOfALiveUser() throws Exception {
		Map<String, String> tokens = forgeries(attacker.accessToken());
		tokens.put("deactivated user", deactivated.accessToken());
		List<String> wrong = new ArrayList<>();
		StoredState before = StoredState.now();
		int sent = 0;
		List<Operation> guarded = OpenApiOperations.all().stream().filter(Operation::requiresAuth).toList();
		for (Operation operation : guarded) {
			for (Map.Entry<String, String> token : tokens.entrySet()) {
				ApiClient.Answer answer = send(operation, token.getValue());
				sent++;
				// The gateway refuses a non-admin on /v1/admin/** before any service could see the account's status.
				Set<Integer> allowed = (token.getKey().equals("deactivated user")
						&& operation.pathTemplate().startsWith("/v1/admin/")) ? Set.of(401, 403) : Set.of(401);
				if (!allowed.contains(answer.status()) || answer.json().path("code").isMissingNode()) {
					wrong.add(operation + " with " + token.getKey() + " -> " + answer.status() + " " + excerpt(answer.body()));
				}
			}
			if (operation.pathTemplate().startsWith("/v1/admin/")) {
				ApiClient.Answer answer = send(operation, attacker.accessToken());
				sent++;
				if (answer.status() != 403) {
					wrong.add(operation + " as a non-admin -> " + answer.status() + " " + excerpt(answer.body()));
				}
			}
		}
		List<String> written = StoredState.now().changesSince(before);
		System.out.printf("Authorization attack: %d operations x %d token variants (+ non-admin), %d requests, %d wrong, %d writes%n",
				guarded.size(), tokens.size(), sent, wrong.size(), written.size());
		AttackTally.record("tokens", new AttackTally.Attack(guarded.size(), tokens.size() + 1, sent, 0,
				wrong.stream().filter((line) -> line.contains("-> 5")).count(),
				wrong.stream().filter((line) -> line.contains("-> 2")).count() + written.size()));
		assertThat(wrong).as("answers other than 401 (403)").isEmpty();
		assertThat(written).as("stored by refused requests").isEmpty();
	}

	@Test
	void noOperationLetsAStrangerAtAnotherUsersResources() {
		List<String> wrong = new ArrayList<>();
		Map<String, Integer> statuses = new TreeMap<>();
		StoredState before = StoredState.now();
		int attacked = 0;
		for (Operation operation : OpenApiOperations.all()) {
			String name = operation.method() + " " + operation.pathTemplate();
			if (!operation.requiresAuth() || ANYONE_MAY.containsKey(name) || !namesAResource(operation)) {
				continue;
			}
			attacked++;
			// Ids that exclude each other (GET /v1/messages?channelId= | dmId= | threadId=) one at a time.
			List<String> named = resourceMembers(operation);
			for (String only : named.isEmpty() ? List.of("") : named) {
				if (ANYONE_MAY_NAME.containsKey(name + " " + only)) {
					continue;
				}
				ApiClient.Answer answer = send(operation, attacker.accessToken(), only);
				statuses.merge(name + (only.isEmpty() ? "" : " " + only) + " " + answer.status(), 1, Integer::sum);
				boolean leaked = answer.body() != null && (answer.body().contains("private DM text")
						|| answer.body().contains("private channel text") || answer.body().contains("a private reply"));
				if (answer.status() < 400 || answer.status() >= 500 || leaked) {
					wrong.add(name + " " + only + " -> " + answer.status() + " " + excerpt(answer.body()));
				}
			}
		}
		List<String> written = StoredState.now().changesSince(before);
		System.out.printf("BOLA attack: %d operations on another user's resources, %d wrong, %d writes: %s%n", attacked,
				wrong.size(), written.size(), statuses);
		AttackTally.record("another user's resources (BOLA)", new AttackTally.Attack(attacked,
				statuses.values().stream().mapToInt(Integer::intValue).sum(),
				statuses.values().stream().mapToInt(Integer::intValue).sum(), 0,
				wrong.stream().filter((line) -> line.contains("-> 5")).count(),
				wrong.stream().filter((line) -> !line.contains("-> 5")).count() + written.size()));
		assertThat(attacked).as("operations naming a resource").isGreaterThan(15);
		assertThat(wrong).as("a stranger got at the victim's resources").isEmpty();
		assertThat(written).as("stored by refused requests").isEmpty();
	}

	/** Whether the operation takes an id of something that belongs to someone. */
	private static boolean namesAResource(Operation operation) {
		if (!operation.pathParams().isEmpty()) {
			return true;
		}
		if (operation.queryParams().stream().anyMatch((param) -> VICTIMS.containsKey(param.name()))) {
			return true;
		}
		JsonNode body = operation.requestBodySchema();
		return body != null && body.path("properties").properties().stream()
			.anyMatch((property) -> VICTIMS.containsKey(property.getKey()) || property.getKey().equals("fileIds"));
	}

	/** The query parameters and body members of the operation that name one of the victim's resources. */
	private static List<String> resourceMembers(Operation operation) {
		List<String> names = new ArrayList<>();
		operation.queryParams().stream().map(Param::name).filter(VICTIMS::containsKey).forEach(names::add);
		JsonNode body = operation.requestBodySchema();
		if (body != null) {
			body.path("properties").properties().stream().map(Map.Entry::getKey)
				.filter((name) -> VICTIMS.containsKey(name) || name.equals("fileIds")).forEach(names::add);
		}
		return names;
	}

	private static ApiClient.Answer send(Operation operation, String token) {
		return send(operation, token, "");
	}

	/**
	 * The operation with the victim's ids in its path and, of the query parameters and body members that name a
	 * resource, only {@code only} (all of them when empty); an otherwise valid body.
	 */
	private static ApiClient.Answer send(Operation operation, String token, String only) {
		String path = operation.path((name) -> OpenApiOperations.encode(victimId(operation, name)));
		StringBuilder query = new StringBuilder();
		for (Param param : operation.queryParams()) {
			boolean skipped = !only.isEmpty() && VICTIMS.containsKey(param.name()) && !param.name().equals(only);
			String value = skipped ? null : VICTIMS.containsKey(param.name()) ? VICTIMS.get(param.name())
					: param.name().equals("q") ? "private" : param.name().equals("userIds") ? victim.id() : null;
			if (value != null) {
				query.append(query.isEmpty() ? "?" : "&").append(param.name()).append('=').append(OpenApiOperations.encode(value));
			}
		}
		String body = (operation.requestBodySchema() != null) ? validBody(operation.requestBodySchema(), only).toString()
				: null;
		try {
			return api.send(operation.method(), path + query, token, body);
		}
		catch (IllegalStateException ex) {
			if (!(ex.getCause() instanceof java.net.http.HttpTimeoutException)) {
				throw ex;
			}
			// A known, unexplained stall: now and then the gateway leaves one refused request unanswered (see the
			// closing note of 2026-12-02). Printed, sent once more, and a second stall fails the test.
			System.out.println("STALL: " + operation + " unanswered in 30 s; sending it once more");
			return api.send(operation.method(), path + query, token, body);
		}
	}

	private static String victimId(Operation operation, String name) {
		if (name.equals("id")) {
			String path = operation.pathTemplate();
			if (path.startsWith("/v1/channels/")) {
				return VICTIMS.get("channelId");
			}
			if (path.startsWith("/v1/files/")) {
				return VICTIMS.get("fileId");
			}
			if (path.startsWith("/v1/users/") || path.startsWith("/v1/admin/users/")) {
				return VICTIMS.get("userId");
			}
			return VICTIMS.get("messageId");
		}
		return VICTIMS.getOrDefault(name, UUID.randomUUID().toString());
	}

	/** The smallest instance of the schema that is valid, with the victim's ids in the members that name one. */
	static JsonNode validBody(JsonNode schema, String only) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		JsonNode properties = schema.path("properties");
		List<String> members = new ArrayList<>();
		schema.path("required").forEach((name) -> members.add(name.asText()));
		properties.properties().forEach((property) -> {
			String name = property.getKey();
			boolean names = VICTIMS.containsKey(name) || name.equals("fileIds");
			if (!members.contains(name) && ((names && (only.isEmpty() || only.equals(name))) || name.equals("text"))) {
				members.add(name);
			}
		});
		if (members.contains("channelId") && properties.has("recipientId")) {
			members.remove("recipientId"); // a post goes to the victim's channel, not as a DM
		}
		for (String name : members) {
			JsonNode property = properties.path(name);
			if (VICTIMS.containsKey(name)) {
				body.put(name, VICTIMS.get(name));
			}
			else if (name.equals("fileIds")) {
				ArrayNode files = body.putArray(name);
				files.add(VICTIMS.get("fileId"));
			}
			else {
				body.set(name, example(name, property));
			}
		}
		return body;
	}

	private static JsonNode example(String name, JsonNode schema) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (schema.has("enum")) {
			return schema.get("enum").get(0);
		}
		if (schema.has("const")) {
			return schema.get("const");
		}
		String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
		return switch (type) {
			case "integer", "number" -> nodes.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
			case "boolean" -> nodes.booleanNode(false);
			case "array" -> nodes.arrayNode();
			case "object" -> validBody(schema, "");
			default -> name.equals("idempotencyKey") || "uuid".equals(schema.path("format").asText())
					? nodes.textNode(UUID.randomUUID().toString()) : nodes.textNode("attack " + name);
		};
	}

	/** A valid token's forgeries: expired, re-signed with another key, another issuer's, unsigned, and none at all. */
	private static Map<String, String> forgeries(String real) throws Exception {
		SignedJWT parsed = SignedJWT.parse(real);
		JWTClaimsSet claims = parsed.getJWTClaimsSet();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		RSAPrivateKey otherKey = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("no token", null);
		tokens.put("bad signature", real.substring(0, real.lastIndexOf('.') + 1) + flip(real.substring(real.lastIndexOf('.') + 1)));
		tokens.put("re-signed claims", sign(claims, parsed.getHeader().getKeyID(), otherKey));
		tokens.put("expired", sign(new JWTClaimsSet.Builder(claims).issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
			.expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1)))).build(), parsed.getHeader().getKeyID(), otherKey));
		tokens.put("another issuer", sign(new JWTClaimsSet.Builder(claims).issuer("http://127.0.0.1:8180/realms/other").build(),
				"other-key", otherKey));
		tokens.put("alg none", new PlainJWT(claims).serialize());
		tokens.put("garbage", "not.a.token");
		return tokens;
	}

	private static String sign(JWTClaimsSet claims, String keyId, RSAPrivateKey key) throws Exception {
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
		token.sign(new RSASSASigner(key));
		return token.serialize();
	}

	private static String flip(String signature) {
		char first = signature.charAt(0);
		return ((first == 'A') ? 'B' : 'A') + signature.substring(1);
	}

	private static String excerpt(String body) {
		return (body == null) ? "" : body.substring(0, Math.min(200, body.length()));
	}

}
