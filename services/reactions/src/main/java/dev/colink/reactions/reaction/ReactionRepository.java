package dev.colink.reactions.reaction;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.colink.platform.schema.DmBlocks;
import dev.colink.platform.schema.MessageAccess;

/** {@code reactions}, and the reads of messaging's tables that decide who may react to a message and who sees it. */
@Repository
class ReactionRepository {

	private final JdbcClient jdbc;

	ReactionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The message, if it exists, is not deleted and the caller may read it. */
	Optional<Target> visibleMessage(UUID messageId, UUID caller) {
		return this.jdbc.sql("""
				select m.channel_id, m.dm_id, d.user_a, d.user_b
				from messages m left join direct_conversations d on d.id = m.dm_id
				where m.id = :id and not m.is_deleted and """ + MessageAccess.READABLE_BY_CALLER)
			.param("id", messageId)
			.param("caller", caller)
			.query((rs, row) -> {
				return new Target(messageId.toString(), rs.getString("channel_id"), rs.getString("dm_id"),
						MessageAccess.participants(rs.getString("user_a"), rs.getString("user_b")));
			})
			.optional();
	}

	/** Whether one of the DM's two users blocked the other. */
	boolean dmBlocked(UUID dmId) {
		return DmBlocks.isBlocked(this.jdbc, dmId);
	}

	/** Adds the reaction; false when the user already reacted to the message with this emoji. */
	boolean insert(UUID messageId, UUID userId, String emoji, Instant createdAt) {
		return this.jdbc.sql("""
				insert into reactions (message_id, user_id, emoji, created_at) values (:message, :user, :emoji, :at)
				on conflict do nothing""")
			.param("message", messageId)
			.param("user", userId)
			.param("emoji", emoji)
			.param("at", Timestamp.from(createdAt))
			.update() == 1;
	}

	/** Removes the reaction; false when there was none. */
	boolean delete(UUID messageId, UUID userId, String emoji) {
		return this.jdbc.sql("delete from reactions where message_id = :message and user_id = :user and emoji = :emoji")
			.param("message", messageId)
			.param("user", userId)
			.param("emoji", emoji)
			.update() == 1;
	}

	/** Every emoji on the message with its count, in the order each was first used. */
	List<ReactionCounts.Count> counts(UUID messageId) {
		return this.jdbc.sql("""
				select emoji, count(*) as n, min(created_at) as first_at from reactions where message_id = :message
				group by emoji order by first_at, emoji""")
			.param("message", messageId)
			.query((rs, row) -> new ReactionCounts.Count(rs.getString("emoji"), rs.getLong("n"),
					rs.getTimestamp("first_at").toInstant()))
			.list();
	}

	/** The emoji the user reacted with on the message. */
	List<String> emojiOf(UUID messageId, UUID userId) {
		return this.jdbc.sql("select emoji from reactions where message_id = :message and user_id = :user")
			.param("message", messageId)
			.param("user", userId)
			.query(String.class)
			.list();
	}

	/**
	 * A message one may react to, and who sees its reactions.
	 * @param participantIds the DM's users, or null in a channel
	 */
	record Target(String messageId, String channelId, String dmId, List<String> participantIds) {
	}

}
