package dev.colink.channels.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.ApiClient.Answer;
import dev.colink.security.testing.RealmUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/channels} against the real Postgres and Kafka, called by users signed in through the gateway. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelCreationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private ChannelFixtures fixtures;

	private ApiClient api;

	private SignedInUser ada;

	private SignedInUser bob;

	@BeforeAll
	void signIn() {
		this.fixtures = new ChannelFixtures(this.port, this.jdbc);
		this.api = this.fixtures.api;
		this.ada = this.fixtures.user("chcreate");
		this.bob = this.fixtures.user("chcreate");
	}

	@AfterAll
	void removeTestData() {
		this.fixtures.removeAll();
	}

	@Test
	void aNewChannelHasItsCreatorAsOwnerAndOnlyMember() {
		String name = this.fixtures.name("general");

		Answer answer = this.api.post("/v1/channels", this.ada.accessToken(),
				ApiClient.json("name", name, "displayName", "  General talk  ", "isPrivate", false));

		JsonNode channel = answer.expect(201);
		String id = channel.get("id").asString();
		assertThat(UUID.fromString(id).version()).isEqualTo(7);
		assertThat(channel.get("name").asString()).isEqualTo(name);
		assertThat(channel.get("displayName").asString()).isEqualTo("General talk");
		assertThat(channel.get("isPrivate").asBoolean()).isFalse();
		assertThat(channel.get("createdBy").asString()).isEqualTo(this.ada.id());
		assertThat(channel.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
		assertThat(channel.get("memberCount").asInt()).isEqualTo(1);
		assertThat(this.fixtures.memberRows(channel)).containsExactly(this.ada.id() + ":owner");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(1);
		assertThat(this.jdbc.sql("select name || '|' || display_name || '|' || is_private || '|' || created_by from channels where id = ?")
			.param(UUID.fromString(id))
			.query(String.class)
			.single()).isEqualTo(name + "|General talk|false|" + this.ada.id());
		assertThat(this.api.get("/v1/channels/" + id, this.ada.accessToken()).expect(200)).isEqualTo(channel);
	}

	@Test
	void theDisplayNameDefaultsToTheNameAndAChannelToPublic() {
		JsonNode channel = this.api.post("/v1/channels", this.ada.accessToken(),
				ApiClient.json("name", this.fixtures.name("plain"))).expect(201);

		assertThat(channel.get("displayName").asString()).isEqualTo(this.fixtures.name("plain"));
		assertThat(channel.get("isPrivate").asBoolean()).isFalse();
	}

	@Test
	void aPrivateChannelIsCreatedPrivate() {
		JsonNode channel = this.fixtures.privateChannel(this.ada, "secret");

		assertThat(channel.get("isPrivate").asBoolean()).isTrue();
		assertThat(this.fixtures.memberRows(channel)).containsExactly(this.ada.id() + ":owner");
	}

	@Test
	void theChannelCreatedEventReachesKafkaKeyedByTheChannel() {
		try (ChannelEvents events = new ChannelEvents()) {
			JsonNode channel = this.fixtures.privateChannel(this.ada, "announced");
			String id = channel.get("id").asString();

			List<ChannelEvents.Event> received = events.awaitEvents(id, 1);

			assertThat(received).hasSize(1);
			ChannelEvents.Event created = received.get(0);
			assertThat(created.type()).isEqualTo("channel.created");
			assertThat(created.envelope().get("type").asString()).isEqualTo("channel.created");
			assertThat(created.envelope().get("actorId").asString()).isEqualTo(this.ada.id());
			assertThat(created.envelope().get("key").asString()).isEqualTo(id);
			assertThat(created.data().get("channelId").asString()).isEqualTo(id);
			assertThat(created.data().get("name").asString()).isEqualTo(channel.get("name").asString());
			assertThat(created.data().get("displayName").asString()).isEqualTo(channel.get("displayName").asString());
			assertThat(created.data().get("isPrivate").asBoolean()).isTrue();
			assertThat(created.data().get("createdBy").asString()).isEqualTo(this.ada.id());
			assertThat(created.data().get("createdAt").asString()).isEqualTo(channel.get("createdAt").asString());
		}
	}

	@Test
	void aNameOutsideTheRulesIsRefusedNamingTheField() {
		List<Object> badNames = new ArrayList<>(List.of("", "-lead", "_lead", "Upper", "with space", "dot.name",
				"ümlaut", "a".repeat(81), 42));
		badNames.add(null);
		for (Object name : badNames) {
			Answer answer = this.api.post("/v1/channels", this.ada.accessToken(), ApiClient.json("name", name));

			assertThat(answer.status()).as(name + " " + answer.body()).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).isEqualTo("name");
			assertThat(answer.json().get("code").asString()).isEqualTo("invalid_request");
		}
		String longest = this.fixtures.name("9".repeat(80 - this.fixtures.name("").length()));
		for (String name : List.of(longest, this.fixtures.name("x_y-z9"), this.fixtures.name("0"))) {
			assertThat(this.api.post("/v1/channels", this.ada.accessToken(), ApiClient.json("name", name)).status())
				.as(name)
				.isEqualTo(201);
		}
	}

	@Test
	void anOverlongDisplayNameOrKeyAndAWrongTypeAreRefusedNamingTheField() {
		String name = this.fixtures.name("fields");
		Map<String, String> bodies = Map.of(
				ApiClient.json("name", name, "displayName", "d".repeat(256)), "displayName",
				ApiClient.json("name", name, "displayName", "nul\u0000"), "displayName",
				ApiClient.json("name", name, "idempotencyKey", "k".repeat(129)), "idempotencyKey",
				ApiClient.json("name", name, "idempotencyKey", ""), "idempotencyKey",
				ApiClient.json("name", name, "isPrivate", "maybe"), "isPrivate",
				ApiClient.json("name", name, "isPrivate", List.of(true)), "isPrivate");
		bodies.forEach((body, field) -> {
			Answer answer = this.api.post("/v1/channels", this.ada.accessToken(), body);

			assertThat(answer.status()).as(body + " " + answer.body()).isEqualTo(400);
			assertThat(answer.json().get("field").asString()).as(body).isEqualTo(field);
		});
		Answer notJson = this.api.post("/v1/channels", this.ada.accessToken(), "{\"name\":");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(this.api.post("/v1/channels", this.ada.accessToken(),
				ApiClient.json("name", name, "displayName", " " + "d".repeat(255) + " ")).status()).isEqualTo(201);
	}

	@Test
	void aTakenNameIsAConflict() {
		JsonNode first = this.fixtures.publicChannel(this.ada, "taken");

		for (SignedInUser user : List.of(this.ada, this.bob)) {
			Answer answer = this.api.post("/v1/channels", user.accessToken(),
					ApiClient.json("name", first.get("name").asString(), "isPrivate", true));

			assertThat(answer.status()).as(answer.body()).isEqualTo(409);
			assertThat(answer.json().get("code").asString()).isEqualTo("channel_name_taken");
		}
	}

	@Test
	void repeatingARequestWithItsIdempotencyKeyAnswersTheFirstChannel() {
		String key = UUID.randomUUID().toString();
		String body = ApiClient.json("name", this.fixtures.name("once"), "idempotencyKey", key);

		JsonNode first = this.api.post("/v1/channels", this.ada.accessToken(), body).expect(201);
		JsonNode again = this.api.post("/v1/channels", this.ada.accessToken(), body).expect(201);
		JsonNode otherName = this.api.post("/v1/channels", this.ada.accessToken(),
				ApiClient.json("name", this.fixtures.name("once-more"), "idempotencyKey", key)).expect(201);

		assertThat(again).isEqualTo(first);
		assertThat(otherName).isEqualTo(first);
		assertThat(channelsNamed(this.fixtures.name("once-more"))).isZero();
		// Keys are per user: the same key of another user is another request, here refused for the taken name.
		assertThat(this.api.post("/v1/channels", this.bob.accessToken(), body).status()).isEqualTo(409);
	}

	@Test
	void aRefusedRequestDoesNotUseUpItsKey() {
		JsonNode taken = this.fixtures.publicChannel(this.bob, "not-yours");
		String key = UUID.randomUUID().toString();

		assertThat(this.api.post("/v1/channels", this.ada.accessToken(),
				ApiClient.json("name", taken.get("name").asString(), "idempotencyKey", key)).status()).isEqualTo(409);

		JsonNode created = this.api.post("/v1/channels", this.ada.accessToken(),
				ApiClient.json("name", this.fixtures.name("mine-instead"), "idempotencyKey", key)).expect(201);
		assertThat(created.get("createdBy").asString()).isEqualTo(this.ada.id());
	}

	@Test
	void twentyConcurrentRequestsWithOneKeyCreateOneChannelAndAnswerItAlike() throws Exception {
		String name = this.fixtures.name("race");
		String body = ApiClient.json("name", name, "displayName", "Race", "idempotencyKey", UUID.randomUUID().toString());
		ExecutorService threads = Executors.newFixedThreadPool(20);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Answer>> requests = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				requests.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return this.api.post("/v1/channels", this.ada.accessToken(), body);
				}, threads));
			}
			start.countDown();

			List<Answer> answers = new ArrayList<>();
			for (CompletableFuture<Answer> request : requests) {
				answers.add(request.get(60, TimeUnit.SECONDS));
			}

			assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
			assertThat(answers.stream().map(Answer::body).distinct()).hasSize(1);
			assertThat(channelsNamed(name)).isOne();
			assertThat(this.fixtures.memberCount(answers.get(0).json())).isEqualTo(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aUserWhoNeverSignedInThroughColinkCannotCreateOrJoin() {
		RealmUsers.RealmUser stranger = RealmUsers.createUserWithTotp("chcreate", Set.of());
		try {
			String token = RealmUsers.tokenFor(stranger);
			JsonNode open = this.fixtures.publicChannel(this.bob, "strangers");

			for (Answer answer : List.of(
					this.api.post("/v1/channels", token, ApiClient.json("name", this.fixtures.name("stranger"))),
					this.api.post("/v1/channels/" + open.get("id").asString() + "/join", token, null))) {
				assertThat(answer.status()).as(answer.body()).isEqualTo(403);
				assertThat(answer.json().get("code").asString()).isEqualTo("unknown_user");
			}
			assertThat(channelsNamed(this.fixtures.name("stranger"))).isZero();
		}
		finally {
			RealmUsers.delete(stranger);
		}
	}

	@Test
	void withoutATokenNothingIsCreated() {
		Answer answer = this.api.post("/v1/channels", null, ApiClient.json("name", this.fixtures.name("anonymous")));

		assertThat(answer.status()).isEqualTo(401);
		assertThat(channelsNamed(this.fixtures.name("anonymous"))).isZero();
	}

	private int channelsNamed(String name) {
		return this.jdbc.sql("select count(*) from channels where name = ?").param(name).query(Integer.class).single();
	}

}
