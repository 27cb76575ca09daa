package dev.colink.threads.thread;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.events.EventType;
import dev.colink.events.ThreadCreated;
import dev.colink.platform.Ids;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;
import dev.colink.platform.schema.DmBlocks;
import dev.colink.threads.thread.ThreadRepository.Parent;

/**
 * Journey 8: a reply to a message. The parent must exist, be visible to the caller and not be a reply itself, and
 * in a DM neither user may have blocked the other (403 blocked, as for a DM post). Its
 * thread is opened once, however many first replies race (the unique parent decides; {@code thread.created} commits
 * with the row, so it is published once). The reply is then posted through messaging, which counts it in the
 * thread in the reply's own transaction: a failure between the two steps leaves a thread with the replies it
 * really has, and a retry with the same idempotency key finds the thread and posts the reply once.
 */
@Service
class Threads {

	private final ThreadRepository threads;

	private final MessagingReplies messaging;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	Threads(ThreadRepository threads, MessagingReplies messaging, Outbox outbox, TransactionTemplate transaction) {
		this.threads = threads;
		this.messaging = messaging;
		this.outbox = outbox;
		this.transaction = transaction;
	}

	ThreadReply reply(UUID caller, String bearerToken, ThreadRequest request) {
		if (request.parentMessageId() == null) {
			throw ApiProblemException.invalid("parentMessageId", "is required");
		}
		UUID parentId = Ids.uuid(request.parentMessageId()).orElseThrow(() -> parentNotFound(request.parentMessageId()));
		Parent parent = this.threads.visibleParent(parentId, caller).orElseThrow(() -> parentNotFound(parentId.toString()));
		if (parent.isReply()) {
			throw ApiProblemException.invalid("parent_is_reply", "parentMessageId",
					"is a reply itself; reply in its thread instead");
		}
		if (parent.dmId() != null && this.threads.dmBlocked(UUID.fromString(parent.dmId()))) {
			throw DmBlocks.refusal(); // before the thread opens: a refused reply leaves nothing behind
		}
		ReplyRules.check(request); // so is a reply messaging would refuse
		UUID threadId = open(parent, caller);
		JsonNode reply = this.messaging.post(bearerToken, threadId, request);
		ThreadView thread = this.threads.threadOf(parentId)
			.orElseThrow(() -> new IllegalStateException("Thread of " + parentId + " is gone"));
		return new ThreadReply(thread, reply);
	}

	/** The parent's thread, opened now (with {@code thread.created}) if it has none yet. */
	private UUID open(Parent parent, UUID caller) {
		Optional<ThreadView> existing = this.threads.threadOf(parent.id());
		if (existing.isPresent()) {
			return UUID.fromString(existing.get().id());
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return this.transaction.execute((status) -> {
			UUID candidate = UuidCreator.getTimeOrderedEpoch();
			Optional<UUID> opened = this.threads.insertUnlessPresent(candidate, parent.id(), now);
			if (opened.isEmpty()) {
				return UUID.fromString(this.threads.threadOf(parent.id()).orElseThrow().id());
			}
			this.outbox.append(EventType.THREAD_CREATED, caller.toString(),
					(parent.channelId() != null) ? parent.channelId() : parent.dmId(),
					new ThreadCreated(candidate.toString(), parent.id().toString(), parent.channelId(), parent.dmId(),
							parent.participantIds(), caller.toString(), now));
			return candidate;
		});
	}


	private static ApiProblemException parentNotFound(String id) {
		return ApiProblemException.notFound("parent_not_found", "No message " + id + " you can reply to");
	}

}
