package dev.colink.messaging.message;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;

import dev.colink.platform.Cursors;
import dev.colink.platform.problems.ApiProblemException;

/**
 * History of one conversation, newest first, a page at a time: a channel the caller is a member of, a DM they take
 * part in (by its id, or by the other user's id), or a thread in either. Deleted and moderated messages are absent.
 * The cursor is the last message id of a page: ids are time-ordered, so the next page is {@code id < cursor}.
 */
@Service
public class MessageHistory {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private final MessageRepository messages;

	MessageHistory(MessageRepository messages) {
		this.messages = messages;
	}

	/** The conversation to read: exactly one of the four is given. */
	public record Conversation(String channelId, String dmId, String userId, String threadId) {
	}

	public MessagePage page(UUID callerId, Conversation conversation, Integer limit, String cursor) {
		long given = Stream.of(conversation.channelId(), conversation.dmId(), conversation.userId(),
				conversation.threadId()).filter((id) -> id != null).count();
		if (given != 1) {
			throw ApiProblemException.invalid("channelId",
					"give exactly one of channelId, dmId, userId and threadId");
		}
		int pageSize = (limit != null) ? limit : DEFAULT_LIMIT;
		if (pageSize < 1 || pageSize > MAX_LIMIT) {
			throw ApiProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		UUID before = (cursor != null && !cursor.isBlank()) ? decodeCursor(cursor) : null;
		List<Message> rows;
		if (conversation.channelId() != null) {
			UUID channelId = id("channelId", conversation.channelId());
			requireMember(channelId, callerId);
			rows = this.messages.history("channel_id", channelId, before, pageSize + 1);
		}
		else if (conversation.dmId() != null) {
			UUID dmId = id("dmId", conversation.dmId());
			requireParticipant(dmId, callerId);
			rows = this.messages.history("dm_id", dmId, before, pageSize + 1);
		}
		else if (conversation.userId() != null) {
			UUID otherId = id("userId", conversation.userId());
			rows = this.messages.dmBetween(callerId, otherId)
				.map((dmId) -> this.messages.history("dm_id", dmId, before, pageSize + 1))
				.orElse(List.of());
		}
		else {
			UUID threadId = id("threadId", conversation.threadId());
			MessageRepository.ThreadHome home = this.messages.threadHome(threadId)
				.orElseThrow(() -> ApiProblemException.notFound("thread_not_found", "No such thread."));
			if (home.channelId() != null) {
				requireMember(home.channelId(), callerId);
			}
			else {
				requireParticipant(home.dmId(), callerId);
			}
			rows = this.messages.replies(threadId, before, pageSize + 1);
		}
		if (rows.size() <= pageSize) {
			return new MessagePage(rows, null);
		}
		List<Message> page = List.copyOf(rows.subList(0, pageSize));
		return new MessagePage(page, encodeCursor(page.get(pageSize - 1).id()));
	}

	private void requireMember(UUID channelId, UUID callerId) {
		if (!this.messages.isMember(channelId, callerId)) {
			throw ApiProblemException.forbidden("not_a_member", "Only members may read this channel.");
		}
	}

	private void requireParticipant(UUID dmId, UUID callerId) {
		if (!this.messages.dmParticipants(dmId).contains(callerId)) {
			throw ApiProblemException.forbidden("not_a_member", "Only its participants may read this conversation.");
		}
	}

	private static UUID id(String field, String value) {
		return MessageRules.uuid(value).orElseThrow(() -> ApiProblemException.invalid(field, "is not an id"));
	}

	private static String encodeCursor(String messageId) {
		return Cursors.encode(messageId);
	}

	private static UUID decodeCursor(String cursor) {
		return MessageRules.uuid(Cursors.decode(cursor)).orElseThrow(Cursors::invalid);
	}

}
