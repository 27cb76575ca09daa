package dev.colink.channels.channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who is in which channel with which role ({@code channel_members}), and the users they are ({@code users}). */
@Repository
class MemberRepository {

	private final JdbcClient jdbc;

	MemberRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID channelId, UUID userId, Role role, Instant joinedAt) {
		this.jdbc.sql("""
				insert into channel_members (channel_id, user_id, role, joined_at)
				values (:channel, :user, :role, :joinedAt)""")
			.param("channel", channelId)
			.param("user", userId)
			.param("role", role.wireName())
			.param("joinedAt", Timestamp.from(joinedAt))
			.update();
	}

	Optional<Membership> find(UUID channelId, UUID userId) {
		return this.jdbc.sql("""
				select channel_id, user_id, role, joined_at from channel_members
				where channel_id = :channel and user_id = :user""")
			.param("channel", channelId)
			.param("user", userId)
			.query((row, rowNumber) -> new Membership(row.getString("channel_id"), row.getString("user_id"),
					row.getString("role"), row.getTimestamp("joined_at").toInstant()))
			.optional();
	}

	Optional<Role> role(UUID channelId, UUID userId) {
		return this.jdbc.sql("select role from channel_members where channel_id = :channel and user_id = :user")
			.param("channel", channelId)
			.param("user", userId)
			.query(String.class)
			.optional()
			.map(Role::of);
	}

	void delete(UUID channelId, UUID userId) {
		this.jdbc.sql("delete from channel_members where channel_id = :channel and user_id = :user")
			.param("channel", channelId)
			.param("user", userId)
			.update();
	}

	int countOwners(UUID channelId) {
		return this.jdbc.sql("select count(*) from channel_members where channel_id = :channel and role = 'owner'")
			.param("channel", channelId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Members with their names, in one query, ordered by lowercase username (unique) after {@code afterUsername}
	 * (empty: from the first).
	 */
	List<Member> page(UUID channelId, String afterUsername, int limit) {
		return this.jdbc.sql("""
				select m.user_id, u.username, u.display_name, m.role, m.joined_at
				from channel_members m join users u on u.id = m.user_id
				where m.channel_id = :channel and lower(u.username) > :after
				order by lower(u.username) limit :limit""")
			.param("channel", channelId)
			.param("after", afterUsername)
			.param("limit", limit)
			.query(MemberRepository::member)
			.list();
	}

	/** A user's {@code users.status} ({@code active} or {@code deactivated}), empty for an unknown user. */
	Optional<String> userStatus(UUID userId) {
		return this.jdbc.sql("select status from users where id = :id")
			.param("id", userId)
			.query(String.class)
			.optional();
	}

	private static Member member(ResultSet row, int rowNumber) throws SQLException {
		return new Member(row.getString("user_id"), row.getString("username"), row.getString("display_name"),
				row.getString("role"), row.getTimestamp("joined_at").toInstant());
	}

}
