package dev.colink.admin.moderation;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.admin.audit.AuditLogs;
import dev.colink.events.EventType;
import dev.colink.events.MessageModerated;
import dev.colink.platform.Ids;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;
import dev.colink.platform.schema.MessageAccess;
import dev.colink.platform.schema.ThreadReplies;

/**
 * Journey 9: an administrator removes a message. The soft delete, its audit row and {@code message.moderated} commit
 * together; the event takes the message out of search and, as a {@code message.deleted} frame, out of clients.
 */
@Service
class Moderations {

	static final String DELETE = "delete";

	static final String AUDIT_ACTION = "message.moderate";

	private static final int MAX_REASON_LENGTH = 1000;

	private final JdbcClient jdbc;

	private final AuditLogs audit;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	Moderations(JdbcClient jdbc, AuditLogs audit, Outbox outbox, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.outbox = outbox;
		this.transaction = transaction;
	}

	Moderation moderate(UUID actor, String messageId, ModerationRequest request) {
		if (request.action() == null) {
			throw ApiProblemException.invalid("action", "is required (delete)");
		}
		if (!DELETE.equals(request.action())) {
			throw ApiProblemException.invalid("unknown_action", "action", "is not a moderation action (delete)");
		}
		String reason = (request.reason() != null) ? request.reason().strip() : "";
		if (reason.isEmpty() || reason.length() > MAX_REASON_LENGTH || reason.indexOf('\u0000') >= 0) {
			throw ApiProblemException.invalid("reason", "must be 1 to " + MAX_REASON_LENGTH + " characters");
		}
		UUID message = Ids.uuid(messageId).orElseThrow(() -> notFound(messageId));
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return this.transaction.execute((status) -> {
			Removed removed = softDelete(message, actor, now).orElseThrow(() -> alreadyGoneOrUnknown(message));
			if (removed.threadId() != null) {
				ThreadReplies.uncount(this.jdbc, UUID.fromString(removed.threadId()));
			}
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("action", DELETE);
			metadata.put("reason", reason);
			metadata.put("senderId", removed.senderId());
			metadata.put((removed.channelId() != null) ? "channelId" : "dmId",
					(removed.channelId() != null) ? removed.channelId() : removed.dmId());
			this.audit.append(actor, AUDIT_ACTION, message.toString(), metadata);
			this.outbox.append(EventType.MESSAGE_MODERATED, actor.toString(),
					(removed.channelId() != null) ? removed.channelId() : removed.dmId(),
					new MessageModerated(message.toString(), removed.channelId(), removed.dmId(),
							removed.participantIds(), removed.threadId(), removed.senderId(), actor.toString(), DELETE,
							reason, now));
			return new Moderation(message.toString(), DELETE, reason, actor.toString(), now);
		});
	}

	/** Marks the message deleted unless it is already; what it was, with its DM's users. */
	private Optional<Removed> softDelete(UUID message, UUID actor, Instant now) {
		return this.jdbc.sql("""
				with removed as (
					update messages set is_deleted = true, deleted_at = :at, deleted_by = :actor
					where id = :id and not is_deleted
					returning channel_id, dm_id, thread_id, sender_id)
				select r.channel_id, r.dm_id, r.thread_id, r.sender_id, d.user_a, d.user_b
				from removed r left join direct_conversations d on d.id = r.dm_id""")
			.param("id", message)
			.param("actor", actor)
			.param("at", Timestamp.from(now))
			.query((rs, row) -> new Removed(rs.getString("channel_id"), rs.getString("dm_id"),
					MessageAccess.participants(rs.getString("user_a"), rs.getString("user_b")), rs.getString("thread_id"),
					rs.getString("sender_id")))
			.optional();
	}

	private ApiProblemException alreadyGoneOrUnknown(UUID message) {
		boolean exists = this.jdbc.sql("select exists (select 1 from messages where id = :id)")
			.param("id", message)
			.query(Boolean.class)
			.single();
		return exists ? ApiProblemException.conflict("message_already_deleted", "Message " + message + " is deleted already")
				: notFound(message.toString());
	}

	private static ApiProblemException notFound(String messageId) {
		return ApiProblemException.notFound("message_not_found", "No message " + messageId);
	}


	private record Removed(String channelId, String dmId, List<String> participantIds, String threadId,
			String senderId) {
	}

}
