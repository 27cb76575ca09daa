package dev.colink.threads.thread;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.colink.platform.schema.DmBlocks;
import dev.colink.platform.schema.MessageAccess;

/** {@code threads}, and the reads of messaging's tables that decide whether a message may get replies. */
@Repository
class ThreadRepository {

	private final JdbcClient jdbc;

	ThreadRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The parent message, if it exists, is not deleted and the caller may read it. */
	Optional<Parent> visibleParent(UUID messageId, UUID caller) {
		return this.jdbc.sql("""
				select m.channel_id, m.dm_id, m.thread_id, d.user_a, d.user_b
				from messages m left join direct_conversations d on d.id = m.dm_id
				where m.id = :id and not m.is_deleted and """ + MessageAccess.READABLE_BY_CALLER)
			.param("id", messageId)
			.param("caller", caller)
			.query((rs, row) -> new Parent(messageId, rs.getString("channel_id"), rs.getString("dm_id"),
					MessageAccess.participants(rs.getString("user_a"), rs.getString("user_b")),
					rs.getString("thread_id") != null))
			.optional();
	}

	/** Whether one of the DM's two users blocked the other. */
	boolean dmBlocked(UUID dmId) {
		return DmBlocks.isBlocked(this.jdbc, dmId);
	}

	/** Opens the parent's thread; empty when it has one already (then {@link #threadOf} finds it). */
	Optional<UUID> insertUnlessPresent(UUID id, UUID parentMessageId, Instant createdAt) {
		return this.jdbc.sql("""
				insert into threads (id, parent_message_id, created_at) values (:id, :parent, :at)
				on conflict (parent_message_id) do nothing
				returning id""")
			.param("id", id)
			.param("parent", parentMessageId)
			.param("at", Timestamp.from(createdAt))
			.query(UUID.class)
			.optional();
	}

	Optional<ThreadView> threadOf(UUID parentMessageId) {
		return this.jdbc.sql("""
				select id, parent_message_id, reply_count, last_reply_at from threads where parent_message_id = :parent""")
			.param("parent", parentMessageId)
			.query((rs, row) -> new ThreadView(rs.getString("id"), rs.getString("parent_message_id"),
					rs.getInt("reply_count"),
					(rs.getTimestamp("last_reply_at") != null) ? rs.getTimestamp("last_reply_at").toInstant() : null))
			.optional();
	}

	/**
	 * A message that may get replies.
	 * @param participantIds the DM's users, or null in a channel
	 * @param isReply        whether it is itself a reply (threads do not nest)
	 */
	record Parent(UUID id, String channelId, String dmId, List<String> participantIds, boolean isReply) {
	}

}
