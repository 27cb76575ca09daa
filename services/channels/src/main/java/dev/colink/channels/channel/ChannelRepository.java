package dev.colink.channels.channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Channels ({@code channels}), each read with or without the caller's membership. */
@Repository
class ChannelRepository {

	private static final String COLUMNS = "c.id, c.name, c.display_name, c.is_private, c.created_by, c.created_at, c.member_count";

	private final JdbcClient jdbc;

	ChannelRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts the channel unless its name is taken (a concurrent insert of the name waits for the other transaction).
	 * @return whether it was inserted
	 */
	boolean insertUnlessNameTaken(Channel channel) {
		return this.jdbc.sql("""
				insert into channels (id, name, display_name, is_private, created_by, created_at, member_count)
				values (:id, :name, :displayName, :isPrivate, :createdBy, :createdAt, :memberCount)
				on conflict (name) do nothing""")
			.param("id", UUID.fromString(channel.id()))
			.param("name", channel.name())
			.param("displayName", channel.displayName())
			.param("isPrivate", channel.isPrivate())
			.param("createdBy", UUID.fromString(channel.createdBy()))
			.param("createdAt", Timestamp.from(channel.createdAt()))
			.param("memberCount", channel.memberCount())
			.update() == 1;
	}

	Optional<Channel> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from channels c where c.id = :id")
			.param("id", id)
			.query(ChannelRepository::channel)
			.optional();
	}

	Optional<ChannelAccess> findWithCallerRole(UUID id, UUID caller) {
		return this.jdbc.sql("select " + COLUMNS + ", m.role from channels c "
				+ "left join channel_members m on m.channel_id = c.id and m.user_id = :caller where c.id = :id")
			.param("id", id)
			.param("caller", caller)
			.query(ChannelRepository::access)
			.optional();
	}

	/**
	 * The channel, its row locked until the transaction ends: the membership changes of one channel happen one after
	 * the other, so its member count and its last owner stay right. Memberships are to be read after this, in
	 * statements of their own, which see what the transaction waited for.
	 */
	Optional<Channel> lock(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from channels c where c.id = :id for no key update")
			.param("id", id)
			.query(ChannelRepository::channel)
			.optional();
	}

	/** The caller's channels by name, after {@code afterName} (empty: from the first). */
	List<Channel> channelsOf(UUID caller, String afterName, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from channel_members m join channels c on c.id = m.channel_id "
				+ "where m.user_id = :caller and c.name > :after order by c.name limit :limit")
			.param("caller", caller)
			.param("after", afterName)
			.param("limit", limit)
			.query(ChannelRepository::channel)
			.list();
	}

	/** Public channels by name, after {@code afterName} (empty: from the first). */
	List<Channel> publicChannels(String afterName, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from channels c "
				+ "where not c.is_private and c.name > :after order by c.name limit :limit")
			.param("after", afterName)
			.param("limit", limit)
			.query(ChannelRepository::channel)
			.list();
	}

	/** @return the member count after the change */
	int addToMemberCount(UUID id, int delta) {
		return this.jdbc.sql("update channels set member_count = member_count + :delta where id = :id returning member_count")
			.param("delta", delta)
			.param("id", id)
			.query(Integer.class)
			.single();
	}

	private static Channel channel(ResultSet row, int rowNumber) throws SQLException {
		return new Channel(row.getString("id"), row.getString("name"), row.getString("display_name"),
				row.getBoolean("is_private"), row.getString("created_by"),
				row.getTimestamp("created_at").toInstant(), row.getInt("member_count"));
	}

	private static ChannelAccess access(ResultSet row, int rowNumber) throws SQLException {
		String role = row.getString("role");
		return new ChannelAccess(channel(row, rowNumber), (role != null) ? Role.of(role) : null);
	}

}
