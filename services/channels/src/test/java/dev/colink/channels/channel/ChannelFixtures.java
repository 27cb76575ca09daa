package dev.colink.channels.channel;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

/**
 * Test data of one test class against the channels app under test: signed-in users, channels with names unique
 * to the run ({@code <tag>-<label>}), and their removal afterwards.
 */
final class ChannelFixtures {

	final String tag = "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	final ApiClient api;

	private final JdbcClient jdbc;

	private final List<SignedInUser> users = new ArrayList<>();

	private final List<UUID> insertedUsers = new ArrayList<>();

	ChannelFixtures(int port, JdbcClient jdbc) {
		this.api = new ApiClient("http://127.0.0.1:" + port);
		this.jdbc = jdbc;
	}

	/** A new user, signed in through the gateway with password and TOTP (their {@code users} row exists). */
	SignedInUser user(String prefix) {
		SignedInUser user = SignedInUsers.create(prefix);
		this.users.add(user);
		return user;
	}

	/** A {@code users} row of a deactivated user, who can no longer sign in. */
	UUID deactivatedUser() {
		UUID id = UUID.randomUUID();
		this.insertedUsers.add(id);
		this.jdbc.sql("insert into users (id, username, display_name, status) values (?, ?, ?, 'deactivated')")
			.params(id, this.tag + "-gone-" + id.toString().substring(0, 8), "Gone " + this.tag)
			.update();
		return id;
	}

	String name(String label) {
		return this.tag + "-" + label;
	}

	JsonNode publicChannel(SignedInUser owner, String label) {
		return create(owner, label, false);
	}

	JsonNode privateChannel(SignedInUser owner, String label) {
		return create(owner, label, true);
	}

	JsonNode create(SignedInUser owner, String label, boolean isPrivate) {
		return this.api.post("/v1/channels", owner.accessToken(),
				ApiClient.json("name", name(label), "isPrivate", isPrivate)).expect(201);
	}

	JsonNode join(SignedInUser user, JsonNode channel) {
		return this.api.post("/v1/channels/" + channel.get("id").asString() + "/join", user.accessToken(), null)
			.expect(200);
	}

	/** Sets a member's role directly: the API has no call for it yet. */
	void setRole(JsonNode channel, SignedInUser user, String role) {
		this.jdbc.sql("update channel_members set role = ? where channel_id = ? and user_id = ?")
			.params(role, UUID.fromString(channel.get("id").asString()), UUID.fromString(user.id()))
			.update();
	}

	int memberCount(JsonNode channel) {
		return this.jdbc.sql("select member_count from channels where id = ?")
			.param(UUID.fromString(channel.get("id").asString()))
			.query(Integer.class)
			.single();
	}

	/** The members as {@code channel_members} holds them: user id and role. */
	List<String> memberRows(JsonNode channel) {
		return this.jdbc.sql("select user_id || ':' || role from channel_members where channel_id = ? order by role, user_id")
			.param(UUID.fromString(channel.get("id").asString()))
			.query(String.class)
			.list();
	}

	/** Removes this class's channels, keys and users. */
	void removeAll() {
		String pattern = this.tag + "-%";
		this.jdbc.sql("delete from channel_members where channel_id in (select id from channels where name like ?)")
			.param(pattern)
			.update();
		this.jdbc.sql("delete from channels where name like ?").param(pattern).update();
		for (SignedInUser user : this.users) {
			this.jdbc.sql("delete from idempotency_keys where user_id = ?").param(UUID.fromString(user.id())).update();
			SignedInUsers.delete(user);
		}
		for (UUID id : this.insertedUsers) {
			this.jdbc.sql("delete from users where id = ?").param(id).update();
		}
	}

}
