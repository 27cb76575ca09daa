package dev.colink.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.TestSocket;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile WebSocket clients through the public port. The first case is the hole that was found: a raw upgrade to
 * {@code /v1/%72ealtime} with no token and {@code X-Colink-Caller: <victim>} was greeted as the victim, and
 * {@code ?resumeFrom=0} replayed the victim's DMs.
 */
class SocketAttackTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Spellings of the socket's path a client can send; every matcher on the way decodes or normalizes some of them. */
	static final List<String> SPELLINGS = List.of("/v1/realtime", "/v1/%72ealtime", "/v1/%72%65%61%6c%74%69%6d%65",
			"/v1/realtime/", "//v1/realtime", "/v1//realtime", "/v1/realtime;x=1", "/v1/./realtime", "/v1/x/../realtime",
			"/V1/REALTIME", "/v1/Realtime", "/v1/realtime%2F", "/v1/realtime%00", "/v1/realtime/ticket/../");

	private static final ApiClient api = ApiClient.gateway();

	private static SignedInUser victim;

	private static SignedInUser friend;

	private static SignedInUser attacker;

	@BeforeAll
	static void aVictimWithPrivateMessages() {
		victim = SignedInUsers.create("attack-victim");
		friend = SignedInUsers.create("attack-friend");
		attacker = SignedInUsers.create("attack-mallory");
		try (TestSocket victimSocket = TestSocket.open(ApiClient.GATEWAY_URL, null, victim.accessToken())) {
			victimSocket.next(WAIT); // hello: from now on the victim's events are journaled
			api.post("/v1/messages", friend.accessToken(),
					json("recipientId", victim.id(), "text", "a secret for the victim", "idempotencyKey", UUID.randomUUID().toString()))
				.expect(201);
			victimSocket.nextMatching(WAIT, TestSocket.frame("message.new", "text", "a secret for the victim"));
		}
	}

	@AfterAll
	static void cleanUp() {
		SignedInUsers.delete(victim);
		SignedInUsers.delete(friend);
		SignedInUsers.delete(attacker);
	}

	@Test
	void aForgedCallerHeaderNeverOpensASocketWhateverThePathsSpelling() {
		List<String> leaks = new ArrayList<>();
		int attempts = 0;
		for (String path : SPELLINGS) {
			for (String query : List.of("", "?resumeFrom=0")) {
				for (Map<String, String> credentials : List.of(Map.<String, String>of(),
						Map.of("Authorization", "Bearer " + attacker.accessToken()))) {
					Map<String, String> headers = new LinkedHashMap<>(credentials);
					headers.put("X-Colink-Caller", victim.id() + "|4102444800");
					headers.put("x-colink-caller", victim.id() + "|4102444800");
					RawWebSocket.Outcome outcome = RawWebSocket.attempt(path + query, headers, Duration.ofSeconds(3));
					attempts++;
					if (outcome.firstText() != null && outcome.firstText().contains(victim.id())) {
						leaks.add(path + query + " " + credentials.keySet() + " -> " + outcome.firstText());
					}
					if (outcome.firstText() != null && credentials.isEmpty()) {
						leaks.add(path + query + " without a token was greeted: " + outcome.firstText());
					}
				}
			}
		}
		AttackTally.record("forged WebSocket upgrades", new AttackTally.Attack(1, SPELLINGS.size() * 2 * 2, attempts, 0,
				0, leaks.size()));
		assertThat(leaks).as("sockets opened as someone else, or without a token").isEmpty();
	}

	@Test
	void aTicketOpensOneSocketOnceForItsOwnUserOnly() {
		String ticket = api.post("/v1/realtime/ticket", attacker.accessToken(), null).expect(200).get("ticket").asString();
		try (TestSocket first = TestSocket.open(ApiClient.GATEWAY_URL, "ticket=" + ticket, null)) {
			assertThat(first.next(WAIT).path("data").path("userId").asString()).isEqualTo(attacker.id());
		}
		RawWebSocket.Outcome reused = RawWebSocket.attempt("/v1/realtime?ticket=" + ticket, Map.of(), Duration.ofSeconds(3));
		assertThat(reused.firstText()).as("a ticket used twice").isNull();
		RawWebSocket.Outcome forged = RawWebSocket.attempt("/v1/realtime?ticket=" + UUID.randomUUID(), Map.of(),
				Duration.ofSeconds(3));
		assertThat(forged.firstText()).as("a ticket nobody was given").isNull();
	}

	@Test
	void resumeFromOutsideTheCallersOwnSequenceReplaysNothingOfAnyoneElse() {
		for (String resumeFrom : List.of("-5", "0", "999999999", "9223372036854775807", "abc", "1e3")) {
			try (TestSocket socket = TestSocket.open(ApiClient.GATEWAY_URL, "resumeFrom=" + resumeFrom,
					attacker.accessToken())) {
				JsonNode hello = socket.next(WAIT);
				assertThat(hello.path("data").path("userId").asString()).isEqualTo(attacker.id());
				socket.send("{\"type\":\"ping\"}");
				socket.nextMatching(WAIT, (frame) -> "pong".equals(frame.path("type").asString()));
				assertThat(socket.drain()).as("resumeFrom=" + resumeFrom)
					.noneMatch((frame) -> frame.toString().contains("a secret for the victim"));
			}
		}
	}

	@Test
	void aUserHoldsAtMostSixteenSocketsPerInstance() {
		List<TestSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 16; i++) {
				TestSocket socket = TestSocket.open(ApiClient.GATEWAY_URL, null, friend.accessToken());
				sockets.add(socket);
				assertThat(socket.next(WAIT).path("type").asString()).isEqualTo("hello");
			}
			TestSocket extra = TestSocket.open(ApiClient.GATEWAY_URL, null, friend.accessToken());
			sockets.add(extra);
			org.awaitility.Awaitility.await().atMost(WAIT).until(() -> extra.closeCode() != -1);
			assertThat(extra.closeCode()).isEqualTo(4029);
			assertThat(extra.drain()).isEmpty();
		}
		finally {
			sockets.forEach(TestSocket::close);
		}
	}

	@Test
	void onlyTheSenderSeesThePostsIdempotencyKey() {
		try (TestSocket sender = TestSocket.open(ApiClient.GATEWAY_URL, null, attacker.accessToken());
				TestSocket recipient = TestSocket.open(ApiClient.GATEWAY_URL, null, victim.accessToken())) {
			sender.next(WAIT);
			recipient.next(WAIT);
			String key = UUID.randomUUID().toString();
			api.post("/v1/messages", attacker.accessToken(), json("recipientId", victim.id(), "text", "keyed " + key,
					"idempotencyKey", key)).expect(201);
			JsonNode received = recipient.nextMatching(WAIT, TestSocket.frame("message.new", "text", "keyed " + key));
			JsonNode echoed = sender.nextMatching(WAIT, TestSocket.frame("message.new", "text", "keyed " + key));
			assertThat(received.path("data").has("idempotencyKey")).as(received.toString()).isFalse();
			assertThat(echoed.path("data").path("idempotencyKey").asString()).isEqualTo(key);
		}
	}

}
