package dev.colink.search.message;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.colink.platform.schema.ChannelMembers;
import dev.colink.platform.schema.MessageAccess;

/**
 * What the caller may see, from Postgres: the conversations to search in, and the hits still visible (not deleted,
 * in a channel the caller is a member of or a DM of theirs) with their senders.
 */
@Repository
class VisibleMessages {

	private final JdbcClient jdbc;

	VisibleMessages(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The caller's channels and DMs, as the index's {@code conversation} values. */
	List<String> conversationsOf(UUID caller) {
		return this.jdbc.sql("""
				select 'c:' || channel_id from channel_members where user_id = :caller
				union all
				select 'd:' || id from direct_conversations where user_a = :caller or user_b = :caller""")
			.param("caller", caller)
			.query(String.class)
			.list();
	}

	boolean isMember(UUID channelId, UUID caller) {
		return ChannelMembers.isMember(this.jdbc, channelId, caller);
	}

	/** The messages among {@code ids} the caller may see now, by id (one query, senders included). */
	Map<String, Visible> visible(Collection<UUID> ids, UUID caller) {
		return this.jdbc.sql("""
				select m.id, m.text, m.channel_id, m.dm_id, m.thread_id, m.created_at, u.id as sender_id, u.username,
					u.display_name
				from messages m join users u on u.id = m.sender_id
				where m.id = any(:ids) and not m.is_deleted and """ + MessageAccess.READABLE_BY_CALLER)
			.param("ids", ids.toArray(UUID[]::new))
			.param("caller", caller)
			.query((rs, row) -> new Visible(rs.getString("id"), rs.getString("text"), rs.getString("channel_id"),
					rs.getString("dm_id"), rs.getString("thread_id"), rs.getTimestamp("created_at"),
					new SearchResults.Sender(rs.getString("sender_id"), rs.getString("username"),
							rs.getString("display_name"))))
			.list()
			.stream()
			.collect(Collectors.toMap(Visible::id, Function.identity()));
	}

	record Visible(String id, String text, String channelId, String dmId, String threadId, Timestamp createdAt,
			SearchResults.Sender sender) {
	}

}
