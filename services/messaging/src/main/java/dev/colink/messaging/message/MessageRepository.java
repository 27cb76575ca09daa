package dev.colink.messaging.message;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.colink.platform.schema.ChannelMembers;
import dev.colink.platform.schema.DmBlocks;
import dev.colink.platform.schema.MessageAccess;
import dev.colink.platform.schema.ThreadReplies;

/**
 * Messages, their files and direct conversations in Postgres ({@code messages}, {@code message_files},
 * {@code direct_conversations}), and the reads of other services' tables that posting needs (users, blocks,
 * channel members, files, threads). Every read of a message brings its file ids and reply count in the same query.
 */
@Repository
class MessageRepository {

	private static final String MESSAGE_COLUMNS = """
			m.id, m.channel_id, m.dm_id, m.thread_id, m.sender_id, m.text, m.created_at, m.edited_at, m.is_deleted,
			array(select mf.file_id from message_files mf where mf.message_id = m.id order by mf.position) as file_ids,
			(select t.reply_count from threads t where t.parent_message_id = m.id) as reply_count""";

	/** Whether the caller may read the row {@code m}: a member of its channel or a participant of its DM. */
	private static final String VISIBLE_TO_CALLER = MessageAccess.READABLE_BY_CALLER;

	private static final RowMapper<Message> MESSAGE = MessageRepository::message;

	private final JdbcClient jdbc;

	MessageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What decides whether {@code sender} may DM {@code recipient}, and their conversation if it exists. */
	record DmCheck(boolean recipientActive, boolean senderActive, boolean blocked, UUID dmId) {
	}

	/** Empty when the recipient is unknown. */
	Optional<DmCheck> dmCheck(UUID sender, UUID recipient) {
		return this.jdbc.sql("""
				select r.status = 'active' as recipient_active,
				       coalesce((select s.status = 'active' from users s where s.id = :sender), false) as sender_active,
				       exists (select 1 from blocks b
				               where (b.blocker_id = :recipient and b.blocked_id = :sender)
				                  or (b.blocker_id = :sender and b.blocked_id = :recipient)) as blocked,
				       (select d.id from direct_conversations d where d.user_a = :a and d.user_b = :b) as dm_id
				from users r where r.id = :recipient""")
			.param("sender", sender)
			.param("recipient", recipient)
			.param("a", lower(sender, recipient))
			.param("b", higher(sender, recipient))
			.query((rs, row) -> new DmCheck(rs.getBoolean("recipient_active"), rs.getBoolean("sender_active"),
					rs.getBoolean("blocked"), rs.getObject("dm_id", UUID.class)))
			.optional();
	}

	/** The conversation of the two users, created if it does not exist yet (two racing creations make one). */
	UUID createDm(UUID newId, UUID one, UUID other) {
		UUID a = lower(one, other);
		UUID b = higher(one, other);
		this.jdbc.sql("insert into direct_conversations (id, user_a, user_b) values (:id, :a, :b) on conflict do nothing")
			.param("id", newId)
			.param("a", a)
			.param("b", b)
			.update();
		return dmBetween(a, b).orElseThrow();
	}

	Optional<UUID> dmBetween(UUID one, UUID other) {
		return this.jdbc.sql("select id from direct_conversations where user_a = :a and user_b = :b")
			.param("a", lower(one, other))
			.param("b", higher(one, other))
			.query(UUID.class)
			.optional();
	}

	/** The two users of a DM (once when someone writes to themselves); empty when there is no such DM. */
	List<UUID> dmParticipants(UUID dmId) {
		return this.jdbc.sql("select user_a, user_b from direct_conversations where id = :id")
			.param("id", dmId)
			.query((rs, row) -> participants(rs.getObject("user_a", UUID.class), rs.getObject("user_b", UUID.class)))
			.optional()
			.orElse(List.of());
	}

	/** Whether one of the DM's two users blocked the other. */
	boolean dmBlocked(UUID dmId) {
		return DmBlocks.isBlocked(this.jdbc, dmId);
	}

	/** Whether the user is a member of the channel and an active user (empty: not a member, or no such channel). */
	Optional<Boolean> activeMember(UUID channelId, UUID userId) {
		return this.jdbc.sql("""
				select u.status = 'active' from channel_members cm join users u on u.id = cm.user_id
				where cm.channel_id = :channel and cm.user_id = :user""")
			.param("channel", channelId)
			.param("user", userId)
			.query(Boolean.class)
			.optional();
	}

	boolean isMember(UUID channelId, UUID userId) {
		return ChannelMembers.isMember(this.jdbc, channelId, userId);
	}

	/** The conversation a thread lives in: the channel or DM of its parent message. */
	record ThreadHome(UUID channelId, UUID dmId) {
	}

	Optional<ThreadHome> threadHome(UUID threadId) {
		return this.jdbc.sql("""
				select m.channel_id, m.dm_id from threads t join messages m on m.id = t.parent_message_id
				where t.id = :thread""")
			.param("thread", threadId)
			.query((rs, row) -> new ThreadHome(rs.getObject("channel_id", UUID.class), rs.getObject("dm_id", UUID.class)))
			.optional();
	}

	/** Counts a new reply in its thread (in the reply's transaction); the thread's counters after it. */
	ThreadCount countReply(UUID threadId, Instant repliedAt) {
		return this.jdbc.sql("""
				update threads set reply_count = reply_count + 1,
					last_reply_at = greatest(coalesce(last_reply_at, :at), :at)
				where id = :thread
				returning parent_message_id, reply_count, last_reply_at""")
			.param("thread", threadId)
			.param("at", Timestamp.from(repliedAt))
			.query((rs, row) -> new ThreadCount(rs.getObject("parent_message_id", UUID.class), rs.getInt("reply_count"),
					rs.getTimestamp("last_reply_at").toInstant()))
			.single();
	}

	record ThreadCount(UUID parentMessageId, int replyCount, Instant lastReplyAt) {
	}

	/** Un-counts a deleted reply in its thread (in the deletion's transaction). */
	void uncountReply(UUID threadId) {
		ThreadReplies.uncount(this.jdbc, threadId);
	}

	/** Whether every one of the files was uploaded by the sender and scanned clean. */
	boolean attachable(UUID senderId, List<UUID> fileIds) {
		int count = this.jdbc.sql("""
				select count(*) from files
				where id = any(:ids) and uploaded_by = :sender and status = 'scanned'""")
			.param("ids", fileIds.toArray(UUID[]::new))
			.param("sender", senderId)
			.query(Integer.class)
			.single();
		return count == fileIds.size();
	}

	/**
	 * Inserts the message unless the sender already used its idempotency key (then nothing is written).
	 * A racing insert of the same key waits for the other transaction and then writes nothing.
	 * @return whether the message was inserted
	 */
	boolean insert(Message message, String idempotencyKey) {
		int inserted = this.jdbc.sql("""
				insert into messages (id, channel_id, dm_id, thread_id, sender_id, text, created_at, idempotency_key)
				values (:id, :channel, :dm, :thread, :sender, :text, :createdAt, :key)
				on conflict (sender_id, idempotency_key) where idempotency_key is not null do nothing""")
			.param("id", UUID.fromString(message.id()))
			.param("channel", uuidOrNull(message.channelId()))
			.param("dm", uuidOrNull(message.dmId()))
			.param("thread", uuidOrNull(message.threadId()))
			.param("sender", UUID.fromString(message.senderId()))
			.param("text", message.text())
			.param("createdAt", Timestamp.from(message.createdAt()))
			.param("key", idempotencyKey)
			.update();
		return inserted == 1;
	}

	void attachFiles(UUID messageId, List<UUID> fileIds) {
		this.jdbc.sql("""
				insert into message_files (message_id, file_id, position)
				select :message, f.id, f.position - 1 from unnest(:ids) with ordinality as f(id, position)""")
			.param("message", messageId)
			.param("ids", fileIds.toArray(UUID[]::new))
			.update();
	}

	Optional<Message> findBySenderAndKey(UUID senderId, String idempotencyKey) {
		return this.jdbc.sql("select " + MESSAGE_COLUMNS + " from messages m where m.sender_id = :sender and m.idempotency_key = :key")
			.param("sender", senderId)
			.param("key", idempotencyKey)
			.query(MESSAGE)
			.optional();
	}

	Optional<Message> find(UUID id) {
		return this.jdbc.sql("select " + MESSAGE_COLUMNS + " from messages m where m.id = :id")
			.param("id", id)
			.query(MESSAGE)
			.optional();
	}

	/** The message, deleted or not, if the caller may see its conversation. */
	Optional<Message> findVisible(UUID id, UUID caller) {
		return this.jdbc.sql("select " + MESSAGE_COLUMNS + " from messages m where m.id = :id and " + VISIBLE_TO_CALLER)
			.param("id", id)
			.param("caller", caller)
			.query(MESSAGE)
			.optional();
	}

	/** Top-level messages of a channel or DM, newest first, older than {@code before} when given. */
	List<Message> history(String conversationColumn, UUID conversationId, UUID before, int limit) {
		return page("m." + conversationColumn + " = :conversation and m.thread_id is null", conversationId, before,
				limit);
	}

	/** Replies of a thread, newest first. */
	List<Message> replies(UUID threadId, UUID before, int limit) {
		return page("m.thread_id = :conversation", threadId, before, limit);
	}

	private List<Message> page(String where, UUID conversationId, UUID before, int limit) {
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("select " + MESSAGE_COLUMNS + " from messages m where " + where + " and not m.is_deleted"
					+ ((before != null) ? " and m.id < :before" : "") + " order by m.id desc limit :limit")
			.param("conversation", conversationId)
			.param("limit", limit);
		if (before != null) {
			statement = statement.param("before", before);
		}
		return statement.query(MESSAGE).list();
	}

	/** Sets the text of a message the author still has; empty when it is not theirs or deleted. */
	boolean updateText(UUID id, UUID senderId, String text, Instant editedAt) {
		return this.jdbc.sql("""
				update messages set text = :text, edited_at = :editedAt
				where id = :id and sender_id = :sender and not is_deleted""")
			.param("id", id)
			.param("sender", senderId)
			.param("text", text)
			.param("editedAt", Timestamp.from(editedAt))
			.update() == 1;
	}

	/** Soft-deletes a message of the author; false when it is not theirs or already deleted. */
	boolean softDelete(UUID id, UUID senderId, Instant deletedAt) {
		return this.jdbc.sql("""
				update messages set is_deleted = true, deleted_at = :deletedAt, deleted_by = :sender
				where id = :id and sender_id = :sender and not is_deleted""")
			.param("id", id)
			.param("sender", senderId)
			.param("deletedAt", Timestamp.from(deletedAt))
			.update() == 1;
	}

	static List<UUID> participants(UUID a, UUID b) {
		return a.equals(b) ? List.of(a) : List.of(a, b);
	}

	private static Message message(ResultSet rs, int row) throws SQLException {
		Timestamp editedAt = rs.getTimestamp("edited_at");
		return new Message(rs.getString("id"), rs.getString("channel_id"), rs.getString("dm_id"),
				rs.getString("thread_id"), rs.getString("sender_id"), rs.getString("text"), ids(rs.getArray("file_ids")),
				rs.getTimestamp("created_at").toInstant(), (editedAt != null) ? editedAt.toInstant() : null,
				rs.getObject("reply_count", Integer.class), rs.getBoolean("is_deleted"));
	}

	private static List<String> ids(Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		Object[] values = (Object[]) array.getArray();
		List<String> ids = new ArrayList<>(values.length);
		for (Object value : values) {
			ids.add(value.toString());
		}
		return List.copyOf(ids);
	}

	private static UUID uuidOrNull(String id) {
		return (id != null) ? UUID.fromString(id) : null;
	}

	/** Of two users, the one Postgres orders first (as {@code user_a}): uuids compare as unsigned bytes, like their text. */
	private static UUID lower(UUID one, UUID other) {
		return (one.toString().compareTo(other.toString()) <= 0) ? one : other;
	}

	private static UUID higher(UUID one, UUID other) {
		return (lower(one, other) == one) ? other : one;
	}

}
