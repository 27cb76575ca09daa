package dev.colink.messaging.message;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.github.f4b6a3.uuid.UuidCreator;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.events.EventEnvelope;
import dev.colink.events.EventType;
import dev.colink.events.MessageCreated;
import dev.colink.events.ReplyCreated;
import dev.colink.events.MessageDeleted;
import dev.colink.events.MessageUpdated;
import dev.colink.messaging.message.MessageRepository.DmCheck;
import dev.colink.messaging.message.MessageRepository.ThreadHome;
import dev.colink.platform.idempotency.IdempotencyKeys;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;
import dev.colink.platform.schema.DmBlocks;

/**
 * Posting, editing and deleting messages, in the order of the sequence diagrams: input rules → idempotency
 * (Redis fast path) → permission checks → one transaction (message, its files, its event in the outbox) → Redis
 * after the commit (key remembered, DM published live). The outbox relay carries the event to Kafka.
 */
@Service
public class Messages {

	private final MessageRepository messages;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	private final LiveDelivery live;

	private final PostedMessages posted;

	Messages(MessageRepository messages, Outbox outbox, TransactionTemplate transaction, LiveDelivery live,
			PostedMessages posted) {
		this.messages = messages;
		this.outbox = outbox;
		this.transaction = transaction;
		this.live = live;
		this.posted = posted;
	}

	/** The result of a post: the message, and whether this request created it (else it is a retry's answer). */
	public record Posted(Message message, boolean created) {
	}

	public Posted post(UUID senderId, PostMessageRequest request) {
		boolean toUser = request.recipientId() != null;
		if (toUser == (request.channelId() != null)) {
			throw toUser ? ApiProblemException.invalid("channelId", "must not be given with recipientId")
					: ApiProblemException.invalid("recipientId", "or channelId is required");
		}
		return send(senderId, null, request.text(), request.idempotencyKey(), request.fileIds(),
				() -> toUser ? directTarget(senderId, request.recipientId())
						: channelTarget(senderId, MessageRules.uuid(request.channelId())
							.orElseThrow(() -> ApiProblemException.invalid("channelId", "is not a channel id"))));
	}

	/** A reply in an existing thread, for the threads service: it lands in the conversation of the thread's parent. */
	public Posted reply(UUID senderId, ReplyRequest request) {
		UUID threadId = MessageRules.uuid(request.threadId())
			.orElseThrow(() -> ApiProblemException.invalid("threadId", "is not a thread id"));
		return send(senderId, threadId, request.text(), request.idempotencyKey(), request.fileIds(),
				() -> threadTarget(senderId, threadId));
	}

	/**
	 * The steps every post shares, in the diagrams' order: input rules, the idempotency fast path, then the target's
	 * permission checks ({@code target}), the files, and the transaction.
	 */
	private Posted send(UUID senderId, UUID threadId, String rawText, String rawKey, List<String> rawFileIds,
			Supplier<Target> target) {
		List<UUID> fileIds = MessageRules.fileIds(rawFileIds);
		String text = MessageRules.text(rawText, !fileIds.isEmpty());
		String key = IdempotencyKeys.requestKey(rawKey);
		Optional<Posted> earlier = earlierPost(senderId, key);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Target checked = target.get();
		checkAttachable(senderId, fileIds);
		return store(senderId, checked, threadId, text, fileIds, key);
	}

	/** A thread's conversation, where the sender must be a member (channel) or a participant (DM). */
	private Target threadTarget(UUID senderId, UUID threadId) {
		ThreadHome home = this.messages.threadHome(threadId)
			.orElseThrow(() -> ApiProblemException.notFound("thread_not_found", "No such thread."));
		if (home.channelId() != null) {
			return channelTarget(senderId, home.channelId());
		}
		List<UUID> participants = this.messages.dmParticipants(home.dmId());
		if (!participants.contains(senderId)) {
			throw ApiProblemException.notFound("thread_not_found", "No such thread.");
		}
		if (this.messages.dmBlocked(home.dmId())) {
			throw DmBlocks.refusal();
		}
		return new Target(null, home.dmId(), participants);
	}

	/** The message, if the caller may see it and it is not deleted. */
	public Message find(UUID callerId, String id) {
		return MessageRules.uuid(id)
			.flatMap((messageId) -> this.messages.findVisible(messageId, callerId))
			.filter((message) -> !message.isDeleted())
			.orElseThrow(Messages::notFound);
	}

	/** The author's new text; {@code message.updated}. */
	public Message edit(UUID callerId, String id, EditMessageRequest request) {
		Message message = find(callerId, id);
		if (!message.senderId().equals(callerId.toString())) {
			throw ApiProblemException.forbidden("not_author", "Only the author may edit a message.");
		}
		if (message.dmId() != null && this.messages.dmBlocked(UUID.fromString(message.dmId()))) {
			throw DmBlocks.refusal();
		}
		String text = MessageRules.text(request.text(), !message.fileIds().isEmpty());
		Instant editedAt = now();
		EventEnvelope<MessageUpdated> event = this.transaction.execute((status) -> {
			if (!this.messages.updateText(UUID.fromString(message.id()), callerId, text, editedAt)) {
				throw notFound(); // deleted meanwhile
			}
			return this.outbox.append(EventType.MESSAGE_UPDATED, callerId.toString(), conversationKey(message),
					new MessageUpdated(message.id(), message.channelId(), message.dmId(), participants(message),
							message.threadId(), message.senderId(), text, editedAt, message.createdAt()));
		});
		this.live.changed(message.dmId(), event);
		return new Message(message.id(), message.channelId(), message.dmId(), message.threadId(), message.senderId(),
				text, message.fileIds(), message.createdAt(), editedAt, message.replyCount(), false);
	}

	/** Soft delete by the author; {@code message.deleted}. Deleting again answers the same and announces nothing. */
	public void delete(UUID callerId, String id) {
		Message message = MessageRules.uuid(id)
			.flatMap((messageId) -> this.messages.findVisible(messageId, callerId))
			.orElseThrow(Messages::notFound);
		boolean author = message.senderId().equals(callerId.toString());
		if (message.isDeleted()) {
			if (author) {
				return;
			}
			throw notFound();
		}
		if (!author) {
			throw ApiProblemException.forbidden("not_author", "Only the author may delete a message.");
		}
		Instant deletedAt = now();
		EventEnvelope<MessageDeleted> event = this.transaction.execute((status) -> {
			if (!this.messages.softDelete(UUID.fromString(message.id()), callerId, deletedAt)) {
				return null; // deleted meanwhile by a concurrent request, which announced it
			}
			if (message.threadId() != null) {
				this.messages.uncountReply(UUID.fromString(message.threadId()));
			}
			return this.outbox.append(EventType.MESSAGE_DELETED, callerId.toString(), conversationKey(message),
					new MessageDeleted(message.id(), message.channelId(), message.dmId(), participants(message),
							message.threadId(), message.senderId(), deletedAt));
		});
		if (event != null) {
			this.live.changed(message.dmId(), event);
		}
	}

	/** Where a message goes: a channel, or a DM with its participants. */
	private record Target(UUID channelId, UUID dmId, List<UUID> participants) {
	}

	private Optional<Posted> earlierPost(UUID senderId, String key) {
		if (key == null) {
			return Optional.empty();
		}
		// Redis only: when it does not remember the key, the insert's unique key still refuses a second message and
		// the request answers with the first one (see store), so a database look-up here would only cost a round trip.
		return this.live.rememberedPost(senderId, key)
			.flatMap(this.messages::find)
			.map((message) -> new Posted(message, false));
	}

	/** Diagram 2: the recipient exists, neither blocked the other, both are active; the DM is created on first use. */
	private Target directTarget(UUID senderId, String recipient) {
		UUID recipientId = MessageRules.uuid(recipient)
			.orElseThrow(() -> ApiProblemException.notFound("user_not_found", "No such recipient."));
		DmCheck check = this.messages.dmCheck(senderId, recipientId)
			.orElseThrow(() -> ApiProblemException.notFound("user_not_found", "No such recipient."));
		if (check.blocked()) {
			throw DmBlocks.refusal();
		}
		if (!check.recipientActive() || !check.senderActive()) {
			throw ApiProblemException.forbidden("user_deactivated", "A deactivated user cannot send or receive messages.");
		}
		UUID dmId = (check.dmId() != null) ? check.dmId() : this.messages.createDm(newId(), senderId, recipientId);
		return new Target(null, dmId, MessageRepository.participants(senderId, recipientId));
	}

	/**
	 * Diagram 3: only an active member posts. A channel that does not exist answers like one the caller is not in,
	 * so that private channels cannot be probed.
	 */
	private Target channelTarget(UUID senderId, UUID channelId) {
		boolean active = this.messages.activeMember(channelId, senderId)
			.orElseThrow(() -> ApiProblemException.forbidden("not_a_member", "Only members may post in this channel."));
		if (!active) {
			throw ApiProblemException.forbidden("user_deactivated", "A deactivated user cannot send messages.");
		}
		return new Target(channelId, null, null);
	}

	/** Diagram 4: every file is the sender's and scanned clean. */
	private void checkAttachable(UUID senderId, List<UUID> fileIds) {
		if (!fileIds.isEmpty() && !this.messages.attachable(senderId, fileIds)) {
			throw ApiProblemException.forbidden("file_not_attachable",
					"Only files you uploaded that were scanned clean can be attached.");
		}
	}

	private Posted store(UUID senderId, Target target, UUID threadId, String text, List<UUID> fileIds, String key) {
		Message message = new Message(newId().toString(), string(target.channelId()), string(target.dmId()),
				string(threadId), senderId.toString(), text, LiveDelivery.strings(fileIds), now(), null, null, false);
		EventEnvelope<MessageCreated> event = this.transaction.execute((status) -> {
			if (!this.messages.insert(message, key)) {
				return null; // the same key won a race with this request
			}
			if (!fileIds.isEmpty()) {
				this.messages.attachFiles(UUID.fromString(message.id()), fileIds);
			}
			List<String> participants = (target.participants() != null) ? LiveDelivery.strings(target.participants())
					: null;
			if (threadId != null) {
				// Diagram 8's counter, in the reply's own transaction: the reply and the count never diverge.
				MessageRepository.ThreadCount thread = this.messages.countReply(threadId, message.createdAt());
				this.outbox.append(EventType.REPLY_CREATED, message.senderId(), conversationKey(message),
						new ReplyCreated(message.threadId(), thread.parentMessageId().toString(), message.id(),
								message.channelId(), message.dmId(), participants, message.senderId(), message.text(),
								thread.replyCount(), thread.lastReplyAt(), message.createdAt()));
			}
			return this.outbox.append(EventType.MESSAGE_CREATED, message.senderId(), conversationKey(message),
					new MessageCreated(message.id(), message.channelId(), message.dmId(), participants,
							message.threadId(), message.senderId(), message.text(), message.fileIds(),
							message.createdAt(), key));
		});
		if (event == null) {
			return new Posted(this.messages.findBySenderAndKey(senderId, key).orElseThrow(), false);
		}
		this.posted.created(message);
		this.live.posted(senderId, key, message.id(), message.dmId(), event);
		return new Posted(message, true);
	}

	private static String conversationKey(Message message) {
		return (message.channelId() != null) ? message.channelId() : message.dmId();
	}

	private List<String> participants(Message message) {
		return (message.dmId() != null) ? LiveDelivery.strings(this.messages.dmParticipants(UUID.fromString(message.dmId())))
				: null;
	}

	private static UUID newId() {
		return UuidCreator.getTimeOrderedEpoch();
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	private static String string(UUID id) {
		return (id != null) ? id.toString() : null;
	}

	private static ApiProblemException notFound() {
		return ApiProblemException.notFound("message_not_found", "No such message.");
	}

}
