package dev.colink.search.message;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the message index from Postgres, the source of truth, without a gap in search: every message is copied
 * into a new index ({@code <alias>-v<n+1>}, shaped by the template) while the old one keeps serving; then the alias
 * moves to the new index in one atomic step, the messages changed during the copy are copied again (the live
 * indexer wrote those to the old index), and the old index is deleted. Writes carry the same versions as the live
 * indexer's, so the two never undo each other. Run by {@code ./colink reindex}.
 */
@Component
public class Reindexer {

	private static final Logger log = LoggerFactory.getLogger(Reindexer.class);

	/** Rows read per query. */
	private static final int PAGE = 1_000;

	/**
	 * Text per bulk request, in characters: a page of long messages (up to 16,000 characters each) goes in several
	 * requests, so the copy's memory stays bounded whatever the messages hold.
	 */
	private static final int BULK_TEXT = 1_000_000;

	/** Changes committed this long before the copy started are certainly in it. */
	private static final Duration OVERLAP = Duration.ofMinutes(1);

	private static final String COLUMNS = """
			select id::text as id, channel_id::text as channel_id, dm_id::text as dm_id, thread_id::text as thread_id,
				sender_id::text as sender_id, text, created_at, edited_at, is_deleted, deleted_at from messages""";

	private final MessageIndex index;

	private final JdbcClient jdbc;

	Reindexer(MessageIndex index, JdbcClient jdbc) {
		this.index = index;
		this.jdbc = jdbc;
	}

	/**
	 * Rebuilds the index.
	 * @return how many messages were copied
	 */
	public long reindex() throws IOException {
		Instant started = Instant.now();
		this.index.ensureExists();
		String old = this.index.currentIndex();
		String fresh = this.index.alias() + "-v" + (version(old) + 1);
		if (this.index.deleteIndexIfPresent(fresh)) {
			log.info("Deleted {}, left behind by a rebuild that did not finish", fresh);
		}
		this.index.createIndex(fresh);
		log.info("Rebuilding the message index: {} -> {}", old, fresh);

		long copied = copy(fresh, "", null);
		this.index.moveAlias(old, fresh);
		long recopied = copy(this.index.alias(), " where greatest(created_at, edited_at, deleted_at) >= :since",
				Timestamp.from(started.minus(OVERLAP)));
		this.index.deleteIndex(old);
		log.info("Rebuilt the message index {} from {} messages ({} changed during the copy, copied again) in {} s",
				fresh, copied, recopied, Duration.between(started, Instant.now()).toSeconds());
		return copied;
	}

	/** Copies the messages the condition selects into the target, in id order, a page per bulk request. */
	private long copy(String target, String condition, Timestamp since) throws IOException {
		long copied = 0;
		String after = "00000000-0000-0000-0000-000000000000";
		while (true) {
			String sql = COLUMNS + (condition.isEmpty() ? " where" : condition + " and")
					+ " id > cast(:after as uuid) order by id limit " + PAGE;
			JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param("after", after);
			if (since != null) {
				statement = statement.param("since", since);
			}
			List<MessageIndex.Write> writes = statement.query((rs, row) -> write(rs)).list();
			if (writes.isEmpty()) {
				return copied;
			}
			applyInBulks(target, writes);
			copied += writes.size();
			after = writes.get(writes.size() - 1).messageId();
		}
	}

	private void applyInBulks(String target, List<MessageIndex.Write> writes) throws IOException {
		List<MessageIndex.Write> bulk = new ArrayList<>();
		long text = 0;
		for (MessageIndex.Write write : writes) {
			bulk.add(write);
			text += (write.document().text() != null) ? write.document().text().length() : 0;
			if (text >= BULK_TEXT) {
				this.index.apply(target, bulk);
				bulk = new ArrayList<>();
				text = 0;
			}
		}
		this.index.apply(target, bulk);
	}

	private static MessageIndex.Write write(java.sql.ResultSet rs) throws java.sql.SQLException {
		String id = rs.getString("id");
		String channelId = rs.getString("channel_id");
		String dmId = rs.getString("dm_id");
		Instant createdAt = rs.getTimestamp("created_at").toInstant();
		Instant changed = latest(createdAt, rs.getTimestamp("edited_at"), rs.getTimestamp("deleted_at"));
		MessageDocument document = rs.getBoolean("is_deleted")
				? MessageDocument.tombstone(id, channelId, dmId, rs.getString("thread_id"), rs.getString("sender_id"))
				: MessageDocument.visible(id, rs.getString("text"), channelId, dmId, rs.getString("thread_id"),
						rs.getString("sender_id"), createdAt.toString());
		return new MessageIndex.Write(id, changed.toEpochMilli(), document);
	}

	private static Instant latest(Instant createdAt, Timestamp... others) {
		Instant latest = createdAt;
		for (Timestamp other : others) {
			if (other != null && other.toInstant().isAfter(latest)) {
				latest = other.toInstant();
			}
		}
		return latest;
	}

	private static int version(String index) {
		int at = index.lastIndexOf("-v");
		try {
			return (at >= 0) ? Integer.parseInt(index.substring(at + 2)) : 1;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

}
