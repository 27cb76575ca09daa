package dev.colink.realtime.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.TestSocket;
import dev.colink.security.testing.Uploads;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real-time delivery with two instances at once: this test's instance (its own port) and the stack's
 * (behind the gateway), sharing Kafka's consumer group and Redis. Users sign in with TOTP and post through the
 * gateway; their sockets are spread over both instances, and each must get each frame exactly once, and nobody
 * else any. "Nobody else" is checked with a marker: the next frame such a user gets is the one sent to them later.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "colink.realtime.instance-id=rt-test")
class RealtimeDeliveryTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final ApiClient gateway = ApiClient.gateway();

	private SignedInUser alice;

	private SignedInUser bob;

	private SignedInUser carol;

	@LocalServerPort
	int port;

	/** Fresh users per test: no frame of another test's events can reach them. */
	@BeforeEach
	void signIn() {
		this.alice = SignedInUsers.create("rt-alice");
		this.bob = SignedInUsers.create("rt-bob");
		this.carol = SignedInUsers.create("rt-carol");
	}

	@AfterEach
	void removeUsers() {
		List.of(this.alice, this.bob, this.carol).forEach(SignedInUsers::delete);
	}

	@Test
	void aTicketOpensOneConnectionOnceAndNothingElseOpensAny() {
		String ticket = gateway.post("/v1/realtime/ticket", this.alice.accessToken(), null).expect(200).get("ticket").asString();
		try (TestSocket socket = TestSocket.open(ApiClient.GATEWAY_URL, "ticket=" + ticket, null)) {
			JsonNode hello = socket.next(WAIT);
			assertThat(hello.get("type").asString()).isEqualTo("hello");
			assertThat(hello.get("data").get("userId").asString()).isEqualTo(this.alice.id());
			socket.send("{\"type\":\"ping\"}");
			assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("pong");
		}
		// Used once: the service refuses the handshake (401). Behind the gateway, which upgrades the client before it
		// connects to the service, the refusal shows as a connection closed before any frame.
		assertThatExceptionOfType(TestSocket.RefusedException.class)
			.isThrownBy(() -> TestSocket.open(local(), "ticket=" + ticket, null));
		try (TestSocket reused = openOrRefused(ApiClient.GATEWAY_URL, "ticket=" + ticket)) {
			if (reused != null) {
				org.awaitility.Awaitility.await().atMost(WAIT).until(reused::closedWithoutFrames);
			}
		}
		assertThatExceptionOfType(TestSocket.RefusedException.class)
			.isThrownBy(() -> TestSocket.open(local(), null, null));
		assertThatExceptionOfType(TestSocket.RefusedException.class)
			.isThrownBy(() -> TestSocket.open(local(), null, "not-a-token"));
		try (TestSocket socket = TestSocket.open(local(), null, this.alice.accessToken())) {
			assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("hello");
		}
	}

	@Test
	void aDmReachesEveryConnectionOfBothUsersOnEitherInstanceOnceAndNobodyElse() {
		try (TestSocket alicePhone = TestSocket.open(ApiClient.GATEWAY_URL, null, this.alice.accessToken());
				TestSocket aliceLaptop = TestSocket.open(local(), null, this.alice.accessToken());
				TestSocket bobPhone = TestSocket.open(local(), null, this.bob.accessToken());
				TestSocket bobLaptop = TestSocket.open(ApiClient.GATEWAY_URL, null, this.bob.accessToken());
				TestSocket carolPhone = TestSocket.open(ApiClient.GATEWAY_URL, null, this.carol.accessToken())) {
			List.of(alicePhone, aliceLaptop, bobPhone, bobLaptop, carolPhone).forEach(this::hello);

			String text = "live hello " + UUID.randomUUID();
			String id = dm(this.alice, this.bob, text);
			for (TestSocket socket : List.of(alicePhone, aliceLaptop, bobPhone, bobLaptop)) {
				JsonNode frame = socket.next(WAIT);
				assertThat(frame.get("type").asString()).isEqualTo("message.new");
				assertThat(frame.get("data").get("messageId").asString()).isEqualTo(id);
				assertThat(frame.get("data").get("text").asString()).isEqualTo(text);
			}

			String marker = dm(this.bob, this.carol, "marker");
			assertThat(carolPhone.next(WAIT).get("data").get("messageId").asString()).isEqualTo(marker);
			for (TestSocket socket : List.of(bobPhone, bobLaptop)) {
				assertThat(socket.next(WAIT).get("data").get("messageId").asString()).as("no duplicate").isEqualTo(marker);
			}
			assertThat(alicePhone.drain()).isEmpty();
			assertThat(aliceLaptop.drain()).isEmpty();
		}
	}

	@Test
	void aChannelPostReachesItsMembersOnlyAndAMemberWhoLeftStopsReceiving() {
		String channelId = gateway
			.post("/v1/channels", this.alice.accessToken(),
					json("name", "rt-" + UUID.randomUUID().toString().substring(0, 8), "isPrivate", false))
			.expect(201)
			.get("id")
			.asString();
		gateway.post("/v1/channels/" + channelId + "/join", this.bob.accessToken(), null).expect(200);
		try (TestSocket aliceSocket = TestSocket.open(ApiClient.GATEWAY_URL, null, this.alice.accessToken());
				TestSocket bobSocket = TestSocket.open(local(), null, this.bob.accessToken());
				TestSocket carolSocket = TestSocket.open(ApiClient.GATEWAY_URL, null, this.carol.accessToken())) {
			List.of(aliceSocket, bobSocket, carolSocket).forEach(this::hello);

			String first = post(this.alice, channelId, "to the channel");
			for (TestSocket socket : List.of(aliceSocket, bobSocket)) {
				JsonNode frame = socket.nextExcept(WAIT, "channel.member_joined");
				assertThat(frame.get("type").asString()).isEqualTo("message.new");
				assertThat(frame.get("data").get("messageId").asString()).isEqualTo(first);
				assertThat(frame.get("data").get("channelId").asString()).isEqualTo(channelId);
			}
			String marker = dm(this.alice, this.carol, "marker");
			assertThat(carolSocket.next(WAIT).get("data").get("messageId").asString()).isEqualTo(marker);

			gateway.post("/v1/channels/" + channelId + "/leave", this.bob.accessToken(), null).expect(204);
			JsonNode left = bobSocket.next(WAIT);
			assertThat(left.get("type").asString()).isEqualTo("channel.member_left");
			assertThat(left.get("data").get("userId").asString()).isEqualTo(this.bob.id());
			post(this.alice, channelId, "after bob left");
			String bobsMarker = dm(this.carol, this.bob, "marker for bob");
			assertThat(bobSocket.next(WAIT).get("data").get("messageId").asString()).isEqualTo(bobsMarker);
		}
	}

	@Test
	void aReconnectingClientGetsExactlyWhatItMissedInOrderThenLiveFrames() {
		long seq;
		try (TestSocket before = TestSocket.open(ApiClient.GATEWAY_URL, null, this.bob.accessToken())) {
			seq = hello(before).get("seq").asLong();
		}
		List<String> missed = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			missed.add(dm(this.alice, this.bob, "while you were away #" + i));
		}
		try (TestSocket after = TestSocket.open(local(), "resumeFrom=" + seq, this.bob.accessToken())) {
			assertThat(after.next(WAIT).get("type").asString()).isEqualTo("hello");
			List<String> replayed = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				JsonNode frame = after.next(WAIT);
				assertThat(frame.get("seq").asLong()).isEqualTo(seq + 1 + i);
				replayed.add(frame.get("data").get("messageId").asString());
			}
			assertThat(replayed).containsExactlyElementsOf(missed);
			String live = dm(this.alice, this.bob, "and now live");
			JsonNode next = after.next(WAIT);
			assertThat(next.get("seq").asLong()).isEqualTo(seq + 11);
			assertThat(next.get("data").get("messageId").asString()).isEqualTo(live);
		}
		try (TestSocket confused = TestSocket.open(local(), "resumeFrom=" + (seq + 1_000_000), this.bob.accessToken())) {
			assertThat(confused.next(WAIT).get("type").asString()).isEqualTo("hello");
			assertThat(confused.next(WAIT).get("type").asString()).isEqualTo("resync_required");
		}
	}

	@Test
	void aScanVerdictIsToldToTheUploaderOnEveryConnectionAndToNobodyElse() {
		try (TestSocket alicePhone = TestSocket.open(ApiClient.GATEWAY_URL, null, this.alice.accessToken());
				TestSocket aliceLaptop = TestSocket.open(local(), null, this.alice.accessToken());
				TestSocket bobPhone = TestSocket.open(ApiClient.GATEWAY_URL, null, this.bob.accessToken())) {
			List.of(alicePhone, aliceLaptop, bobPhone).forEach(this::hello);

			String clean = Uploads.uploadAndConfirm(gateway, this.alice.accessToken(), "photo.png", "image/png",
					Uploads.png(42));
			String infected = Uploads.uploadAndConfirm(gateway, this.alice.accessToken(), "eicar.txt", "text/plain",
					Uploads.EICAR);

			for (TestSocket socket : List.of(alicePhone, aliceLaptop)) {
				List<JsonNode> frames = List.of(socket.next(WAIT), socket.next(WAIT));
				assertThat(frames).extracting((frame) -> frame.get("type").asString()).containsOnly("file.scanned");
				assertThat(frames).extracting((frame) -> frame.at("/data/fileId").asString() + " "
						+ frame.at("/data/status").asString())
					.containsExactlyInAnyOrder(clean + " scanned", infected + " infected");
			}
			String marker = dm(this.alice, this.bob, "marker");
			assertThat(bobPhone.next(WAIT).at("/data/messageId").asString()).as("no file.scanned before").isEqualTo(marker);
		}
	}

	private static TestSocket openOrRefused(String baseUrl, String query) {
		try {
			return TestSocket.open(baseUrl, query, null);
		}
		catch (TestSocket.RefusedException ex) {
			return null;
		}
	}

	private JsonNode hello(TestSocket socket) {
		JsonNode hello = socket.next(WAIT);
		assertThat(hello.get("type").asString()).isEqualTo("hello");
		return hello;
	}

	private String local() {
		return "http://127.0.0.1:" + this.port;
	}

	private static String dm(SignedInUser from, SignedInUser to, String text) {
		return gateway.post("/v1/messages", from.accessToken(), json("recipientId", to.id(), "text", text))
			.expect(201)
			.get("id")
			.asString();
	}

	private static String post(SignedInUser from, String channelId, String text) {
		return gateway.post("/v1/messages", from.accessToken(), json("channelId", channelId, "text", text))
			.expect(201)
			.get("id")
			.asString();
	}

}
