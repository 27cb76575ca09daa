package dev.colink.channels.channel;

import java.util.ArrayList;
import java.util.List;
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
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joining, leaving, inviting and removing, with the member count and the membership events they cause, against the
 * real Postgres and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private ChannelFixtures fixtures;

	private ApiClient api;

	private SignedInUser owner;

	private SignedInUser alice;

	private SignedInUser bob;

	private SignedInUser carol;

	@BeforeAll
	void signIn() {
		this.fixtures = new ChannelFixtures(this.port, this.jdbc);
		this.api = this.fixtures.api;
		this.owner = this.fixtures.user("chmember");
		this.alice = this.fixtures.user("chmember");
		this.bob = this.fixtures.user("chmember");
		this.carol = this.fixtures.user("chmember");
	}

	@AfterAll
	void removeTestData() {
		this.fixtures.removeAll();
	}

	@Test
	void joiningAPublicChannelMakesAMemberOnce() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "join");

		JsonNode joined = this.fixtures.join(this.alice, channel);
		JsonNode again = this.fixtures.join(this.alice, channel);

		assertThat(joined.get("id").asString()).isEqualTo(channel.get("id").asString());
		assertThat(joined.get("memberCount").asInt()).isEqualTo(2);
		assertThat(again).isEqualTo(joined);
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(2);
		assertThat(this.fixtures.memberRows(channel)).containsExactlyInAnyOrder(this.owner.id() + ":owner",
				this.alice.id() + ":member");
		assertThat(this.fixtures.join(this.owner, channel).get("memberCount").asInt()).isEqualTo(2);
	}

	@Test
	void concurrentJoinsCountEveryNewMemberOnce() throws Exception {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "join-race");
		ExecutorService threads = Executors.newFixedThreadPool(15);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Answer>> joins = new ArrayList<>();
			for (int i = 0; i < 15; i++) {
				SignedInUser user = List.of(this.alice, this.bob, this.carol).get(i % 3);
				joins.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return this.api.post(path(channel, "/join"), user.accessToken(), null);
				}, threads));
			}
			start.countDown();

			for (CompletableFuture<Answer> join : joins) {
				Answer answer = join.get(60, TimeUnit.SECONDS);
				assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			}
		}
		finally {
			threads.shutdownNow();
		}

		assertThat(this.fixtures.memberCount(channel)).isEqualTo(4);
		assertThat(this.fixtures.memberRows(channel)).hasSize(4);
	}

	@Test
	void aPrivateChannelCannotBeJoined() {
		JsonNode channel = this.fixtures.privateChannel(this.owner, "no-entry");

		Answer answer = this.api.post(path(channel, "/join"), this.alice.accessToken(), null);

		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.json().get("code").asString()).isEqualTo("channel_private");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(1);
	}

	@Test
	void joiningOrLeavingAnUnknownChannelIsNotFound() {
		for (String action : List.of("/join", "/leave")) {
			for (String id : List.of(UUID.randomUUID().toString(), "nope")) {
				Answer answer = this.api.post("/v1/channels/" + id + action, this.alice.accessToken(), null);

				assertThat(answer.status()).as(action + " " + answer.body()).isEqualTo(404);
				assertThat(answer.json().get("code").asString()).isEqualTo("channel_not_found");
			}
		}
	}

	@Test
	void leavingEndsTheMembershipAndRepeatingItChangesNothing() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "leave");
		this.fixtures.join(this.alice, channel);

		assertThat(this.api.post(path(channel, "/leave"), this.alice.accessToken(), null).status()).isEqualTo(204);
		assertThat(this.api.post(path(channel, "/leave"), this.alice.accessToken(), null).status()).isEqualTo(204);
		assertThat(this.api.post(path(channel, "/leave"), this.bob.accessToken(), null).status()).isEqualTo(204);

		assertThat(this.fixtures.memberCount(channel)).isEqualTo(1);
		assertThat(this.fixtures.memberRows(channel)).containsExactly(this.owner.id() + ":owner");
		assertThat(this.api.get("/v1/channels", this.alice.accessToken()).expect(200).toString())
			.doesNotContain(channel.get("id").asString());
	}

	@Test
	void leavingAPrivateChannelOneIsNotInIsNotFound() {
		JsonNode channel = this.fixtures.privateChannel(this.owner, "leave-hidden");

		Answer answer = this.api.post(path(channel, "/leave"), this.alice.accessToken(), null);

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.json().get("code").asString()).isEqualTo("channel_not_found");
	}

	@Test
	void theLastOwnerCannotLeaveOthersBehindButMayLeaveAnEmptyChannel() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "last-owner");
		this.fixtures.join(this.alice, channel);

		Answer refused = this.api.post(path(channel, "/leave"), this.owner.accessToken(), null);
		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.json().get("code").asString()).isEqualTo("last_owner");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(2);

		this.fixtures.setRole(channel, this.alice, "owner");
		assertThat(this.api.post(path(channel, "/leave"), this.owner.accessToken(), null).status()).isEqualTo(204);
		assertThat(this.api.post(path(channel, "/leave"), this.alice.accessToken(), null).status()).isEqualTo(204);
		assertThat(this.fixtures.memberCount(channel)).isZero();
		assertThat(this.fixtures.memberRows(channel)).isEmpty();
	}

	@Test
	void anyMemberInvitesToAPublicChannel() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "invite-open");
		this.fixtures.join(this.alice, channel);

		Answer invited = invite(this.alice, channel, this.bob.id());

		JsonNode membership = invited.expect(201);
		assertThat(membership.get("channelId").asString()).isEqualTo(channel.get("id").asString());
		assertThat(membership.get("userId").asString()).isEqualTo(this.bob.id());
		assertThat(membership.get("role").asString()).isEqualTo("member");
		assertThat(membership.get("joinedAt").isString()).isTrue();
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(3);

		Answer again = invite(this.owner, channel, this.bob.id());
		assertThat(again.expect(200)).isEqualTo(membership);
		assertThat(invite(this.owner, channel, this.owner.id()).expect(200).get("role").asString()).isEqualTo("owner");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(3);
	}

	@Test
	void aNonMemberCannotInviteToAPublicChannel() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "invite-outsider");

		Answer answer = invite(this.alice, channel, this.bob.id());

		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.json().get("code").asString()).isEqualTo("not_a_member");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(1);
	}

	@Test
	void onlyOwnersAndAdminsInviteToAPrivateChannel() {
		JsonNode channel = this.fixtures.privateChannel(this.owner, "invite-closed");
		invite(this.owner, channel, this.alice.id()).expect(201);

		Answer byMember = invite(this.alice, channel, this.bob.id());
		assertThat(byMember.status()).as(byMember.body()).isEqualTo(403);
		assertThat(byMember.json().get("code").asString()).isEqualTo("not_allowed");

		Answer byOutsider = invite(this.carol, channel, this.bob.id());
		assertThat(byOutsider.status()).as(byOutsider.body()).isEqualTo(404);
		assertThat(byOutsider.json().get("code").asString()).isEqualTo("channel_not_found");

		this.fixtures.setRole(channel, this.alice, "admin");
		invite(this.alice, channel, this.bob.id()).expect(201);
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(3);
	}

	@Test
	void invitingAnUnknownOrDeactivatedUserIsRefused() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "invite-nobody");

		for (String userId : List.of(UUID.randomUUID().toString(), "someone")) {
			Answer unknown = invite(this.owner, channel, userId);
			assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
			assertThat(unknown.json().get("code").asString()).isEqualTo("user_not_found");
		}
		Answer deactivated = invite(this.owner, channel, this.fixtures.deactivatedUser().toString());
		assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(403);
		assertThat(deactivated.json().get("code").asString()).isEqualTo("user_deactivated");

		for (String body : List.of("{}", ApiClient.json("userId", ""), ApiClient.json("userId", 7),
				ApiClient.json("userId", List.of("x")))) {
			Answer invalid = this.api.post(path(channel, "/members"), this.owner.accessToken(), body);
			assertThat(invalid.status()).as(body + " " + invalid.body()).isEqualTo(400);
			assertThat(invalid.json().get("field").asString()).isEqualTo("userId");
		}
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(1);
	}

	@Test
	void ownersAndAdminsRemoveMembers() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "remove");
		for (SignedInUser user : List.of(this.alice, this.bob, this.carol)) {
			this.fixtures.join(user, channel);
		}
		this.fixtures.setRole(channel, this.alice, "admin");

		Answer byMember = this.api.delete(path(channel, "/members/" + this.carol.id()), this.bob.accessToken());
		assertThat(byMember.status()).as(byMember.body()).isEqualTo(403);
		assertThat(byMember.json().get("code").asString()).isEqualTo("not_allowed");

		Answer adminRemovesOwner = this.api.delete(path(channel, "/members/" + this.owner.id()), this.alice.accessToken());
		assertThat(adminRemovesOwner.status()).as(adminRemovesOwner.body()).isEqualTo(403);
		assertThat(adminRemovesOwner.json().get("code").asString()).isEqualTo("not_allowed");

		assertThat(this.api.delete(path(channel, "/members/" + this.carol.id()), this.alice.accessToken()).status())
			.isEqualTo(204);
		assertThat(this.api.delete(path(channel, "/members/" + this.alice.id()), this.owner.accessToken()).status())
			.isEqualTo(204);
		assertThat(this.api.delete(path(channel, "/members/" + this.alice.id()), this.owner.accessToken()).status())
			.isEqualTo(204);
		assertThat(this.api.delete(path(channel, "/members/" + UUID.randomUUID()), this.owner.accessToken()).status())
			.isEqualTo(204);

		assertThat(this.fixtures.memberRows(channel)).containsExactlyInAnyOrder(this.owner.id() + ":owner",
				this.bob.id() + ":member");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(2);
	}

	@Test
	void anOwnerRemovesAnotherOwnerButNotTheLastOne() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "remove-owner");
		this.fixtures.join(this.alice, channel);
		this.fixtures.join(this.bob, channel);
		this.fixtures.setRole(channel, this.alice, "owner");

		assertThat(this.api.delete(path(channel, "/members/" + this.alice.id()), this.owner.accessToken()).status())
			.isEqualTo(204);
		Answer lastOwner = this.api.delete(path(channel, "/members/" + this.owner.id()), this.owner.accessToken());

		assertThat(lastOwner.status()).as(lastOwner.body()).isEqualTo(409);
		assertThat(lastOwner.json().get("code").asString()).isEqualTo("last_owner");
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(2);
	}

	@Test
	void removingFromAPrivateChannelOneIsNotInIsNotFound() {
		JsonNode channel = this.fixtures.privateChannel(this.owner, "remove-hidden");

		Answer answer = this.api.delete(path(channel, "/members/" + this.owner.id()), this.alice.accessToken());

		assertThat(answer.status()).isEqualTo(404);
		assertThat(this.fixtures.memberCount(channel)).isEqualTo(1);
	}

	@Test
	void everyMembershipChangeIsAnnouncedInOrderOnTheChannelsKey() {
		try (ChannelEvents events = new ChannelEvents()) {
			JsonNode channel = this.fixtures.publicChannel(this.owner, "events");
			String id = channel.get("id").asString();
			this.fixtures.join(this.alice, channel);
			invite(this.alice, channel, this.bob.id()).expect(201);
			this.api.post(path(channel, "/leave"), this.alice.accessToken(), null).expect(204);
			this.api.delete(path(channel, "/members/" + this.bob.id()), this.owner.accessToken()).expect(204);

			List<ChannelEvents.Event> received = events.awaitEvents(id, 5);

			assertThat(received).extracting(ChannelEvents.Event::type).containsExactly("channel.created",
					"channel.member_joined", "channel.member_joined", "channel.member_left", "channel.member_left");
			assertThat(received).allSatisfy((event) -> assertThat(event.data().get("channelId").asString()).isEqualTo(id));
			assertMember(received.get(1), this.alice, this.alice, "addedBy");
			assertThat(received.get(1).data().get("role").asString()).isEqualTo("member");
			assertMember(received.get(2), this.bob, this.alice, "addedBy");
			assertMember(received.get(3), this.alice, this.alice, "removedBy");
			assertMember(received.get(4), this.bob, this.owner, "removedBy");
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void assertMember(ChannelEvents.Event event, SignedInUser member, SignedInUser actor,
			String actorField) {
		assertThat(event.envelope().get("actorId").asString()).isEqualTo(actor.id());
		assertThat(event.data().get("userId").asString()).isEqualTo(member.id());
		assertThat(event.data().get(actorField).asString()).isEqualTo(actor.id());
	}

	private Answer invite(SignedInUser inviter, JsonNode channel, String userId) {
		return this.api.post(path(channel, "/members"), inviter.accessToken(), ApiClient.json("userId", userId));
	}

	private static String path(JsonNode channel, String suffix) {
		return "/v1/channels/" + channel.get("id").asString() + suffix;
	}

}
