package dev.colink.channels.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
 * Who sees which channel: reading one, its members, and the lists (the caller's channels, public ones to browse),
 * paged with a cursor. A private channel is hidden from non-members exactly as an unknown one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelVisibilityTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private ChannelFixtures fixtures;

	private ApiClient api;

	private SignedInUser owner;

	private SignedInUser member;

	private SignedInUser outsider;

	@BeforeAll
	void signIn() {
		this.fixtures = new ChannelFixtures(this.port, this.jdbc);
		this.api = this.fixtures.api;
		this.owner = this.fixtures.user("chvis");
		this.member = this.fixtures.user("chvis");
		this.outsider = this.fixtures.user("chvis");
	}

	@AfterAll
	void removeTestData() {
		this.fixtures.removeAll();
	}

	@Test
	void aPublicChannelAndItsMembersAreVisibleToAnyone() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "open");
		String id = channel.get("id").asString();

		assertThat(this.api.get("/v1/channels/" + id, this.outsider.accessToken()).expect(200)).isEqualTo(channel);
		JsonNode members = this.api.get("/v1/channels/" + id + "/members", this.outsider.accessToken()).expect(200);
		assertThat(members.get("data")).hasSize(1);
		JsonNode first = members.get("data").get(0);
		assertThat(first.get("userId").asString()).isEqualTo(this.owner.id());
		assertThat(first.get("username").asString()).isEqualTo(this.owner.username());
		assertThat(first.get("displayName").asString()).isEqualTo(this.owner.displayName());
		assertThat(first.get("role").asString()).isEqualTo("owner");
		assertThat(first.get("joinedAt").asString()).isEqualTo(channel.get("createdAt").asString());
		assertThat(members.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void aPrivateChannelIsVisibleToItsMembersOnly() {
		JsonNode channel = this.fixtures.privateChannel(this.owner, "closed");
		String id = channel.get("id").asString();
		invite(this.owner, channel, this.member).expect(201);

		for (SignedInUser insider : List.of(this.owner, this.member)) {
			assertThat(this.api.get("/v1/channels/" + id, insider.accessToken()).expect(200).get("memberCount").asInt())
				.isEqualTo(2);
			assertThat(this.api.get("/v1/channels/" + id + "/members", insider.accessToken()).expect(200).get("data"))
				.hasSize(2);
		}
		for (String path : List.of("/v1/channels/" + id, "/v1/channels/" + id + "/members")) {
			Answer answer = this.api.get(path, this.outsider.accessToken());

			assertThat(answer.status()).as(answer.body()).isEqualTo(404);
			assertThat(answer.json().get("code").asString()).isEqualTo("channel_not_found");
			assertThat(answer.body()).doesNotContain(channel.get("name").asString());
		}
	}

	@Test
	void anUnknownChannelOrAnIdThatIsNoneIsNotFound() {
		for (String id : List.of(UUID.randomUUID().toString(), "general", "1-1-1-1-1")) {
			for (String path : List.of("/v1/channels/" + id, "/v1/channels/" + id + "/members")) {
				Answer answer = this.api.get(path, this.owner.accessToken());

				assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(404);
				assertThat(answer.json().get("code").asString()).isEqualTo("channel_not_found");
			}
		}
	}

	@Test
	void membersArePagedByUsername() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "crowd");
		this.fixtures.join(this.member, channel);
		this.fixtures.join(this.outsider, channel);
		List<String> expected = new ArrayList<>(List.of(this.owner.username(), this.member.username(),
				this.outsider.username()));
		expected.sort(null);
		String path = "/v1/channels/" + channel.get("id").asString() + "/members?limit=2";

		JsonNode first = this.api.get(path, this.outsider.accessToken()).expect(200);
		JsonNode second = this.api.get(path + "&cursor=" + first.get("nextCursor").asString(),
				this.outsider.accessToken()).expect(200);

		assertThat(usernames(first)).containsExactlyElementsOf(expected.subList(0, 2));
		assertThat(usernames(second)).containsExactly(expected.get(2));
		assertThat(second.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void myChannelsAreTheOnesIAmAMemberOfPagedByName() {
		SignedInUser lister = this.fixtures.user("chvis");
		JsonNode a = this.fixtures.publicChannel(lister, "mine-a");
		JsonNode b = this.fixtures.privateChannel(this.owner, "mine-b");
		invite(this.owner, b, lister).expect(201);
		JsonNode c = this.fixtures.publicChannel(this.owner, "mine-c");
		this.fixtures.join(lister, c);
		this.fixtures.publicChannel(this.owner, "mine-not");

		JsonNode first = this.api.get("/v1/channels?limit=2", lister.accessToken()).expect(200);
		JsonNode second = this.api.get("/v1/channels?limit=2&cursor=" + first.get("nextCursor").asString(),
				lister.accessToken()).expect(200);

		assertThat(names(first)).containsExactly(a.get("name").asString(), b.get("name").asString());
		assertThat(names(second)).containsExactly(c.get("name").asString());
		assertThat(second.get("nextCursor").isNull()).isTrue();
		assertThat(second.get("data").get(0).get("memberCount").asInt()).isEqualTo(2);
		assertThat(names(this.api.get("/v1/channels?scope=member", lister.accessToken()).expect(200)))
			.containsExactly(a.get("name").asString(), b.get("name").asString(), c.get("name").asString());
	}

	@Test
	void browsingPublicChannelsShowsEveryPublicChannelAndNoPrivateOne() {
		JsonNode open = this.fixtures.publicChannel(this.owner, "browse-open");
		JsonNode closed = this.fixtures.privateChannel(this.owner, "browse-closed");

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = this.api.get("/v1/channels?scope=public&limit=200"
					+ ((cursor != null) ? "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : ""),
					this.outsider.accessToken()).expect(200);
			assertThat(page.get("data").size()).isLessThanOrEqualTo(200);
			page.get("data").forEach((channel) -> assertThat(channel.get("isPrivate").asBoolean()).isFalse());
			seen.addAll(names(page));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
			pages++;
		}
		while (cursor != null && pages < 1000);

		assertThat(cursor).isNull();
		assertThat(seen).doesNotHaveDuplicates().contains(open.get("name").asString())
			.doesNotContain(closed.get("name").asString());
	}

	@Test
	void publicBrowsingPagesWithACursor() {
		List<String> mine = List.of(this.fixtures.publicChannel(this.owner, "page-1").get("name").asString(),
				this.fixtures.publicChannel(this.owner, "page-2").get("name").asString(),
				this.fixtures.publicChannel(this.owner, "page-3").get("name").asString());

		// One channel per page, from just before this test's first channel on: its three channels come in order.
		JsonNode page = this.api.get("/v1/channels?scope=public&limit=1&cursor="
				+ ChannelRules.cursor(this.fixtures.name("page-0")), this.outsider.accessToken()).expect(200);
		List<String> seen = new ArrayList<>(names(page));
		while (seen.size() < 3) {
			assertThat(page.get("data")).hasSize(1);
			page = this.api.get("/v1/channels?scope=public&limit=1&cursor=" + page.get("nextCursor").asString(),
					this.outsider.accessToken()).expect(200);
			seen.addAll(names(page));
		}

		assertThat(seen).containsExactlyElementsOf(mine);
	}

	@Test
	void aBadScopeLimitOrCursorIsRefusedNamingIt() {
		JsonNode channel = this.fixtures.publicChannel(this.owner, "params");
		String members = "/v1/channels/" + channel.get("id").asString() + "/members?";
		for (String query : List.of("/v1/channels?scope=all", "/v1/channels?limit=0", "/v1/channels?limit=201",
				"/v1/channels?limit=many", "/v1/channels?cursor=%25%25", "/v1/channels?scope=public&cursor=Tk9QRQ",
				members + "limit=0", members + "limit=201", members + "cursor=%25%25")) {
			Answer answer = this.api.get(query, this.owner.accessToken());

			assertThat(answer.status()).as(query + " " + answer.body()).isEqualTo(400);
			String parameter = query.substring(query.indexOf('?') + 1).replaceFirst("^scope=public&", "");
			assertThat(answer.json().get("field").asString()).isEqualTo(parameter.substring(0, parameter.indexOf('=')));
			assertThat(answer.json().get("code").asString())
				.isEqualTo(parameter.startsWith("cursor=") ? "invalid_cursor" : "invalid_request");
		}
	}

	@Test
	void readingNeedsAToken() {
		assertThat(this.api.get("/v1/channels", null).status()).isEqualTo(401);
		assertThat(this.api.get("/v1/channels/" + UUID.randomUUID(), "not-a-token").status()).isEqualTo(401);
	}

	private Answer invite(SignedInUser inviter, JsonNode channel, SignedInUser invitee) {
		return this.api.post("/v1/channels/" + channel.get("id").asString() + "/members", inviter.accessToken(),
				ApiClient.json("userId", invitee.id()));
	}

	private static List<String> names(JsonNode page) {
		List<String> names = new ArrayList<>();
		page.get("data").forEach((channel) -> names.add(channel.get("name").asString()));
		return names;
	}

	private static List<String> usernames(JsonNode page) {
		List<String> usernames = new ArrayList<>();
		page.get("data").forEach((member) -> usernames.add(member.get("username").asString()));
		return usernames;
	}

}
