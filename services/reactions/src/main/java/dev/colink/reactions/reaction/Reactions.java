package dev.colink.reactions.reaction;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.events.EventType;
import dev.colink.events.ReactionAdded;
import dev.colink.events.ReactionRemoved;
import dev.colink.platform.idempotency.IdempotencyKeys;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;
import dev.colink.platform.schema.DmBlocks;
import dev.colink.reactions.reaction.ReactionRepository.Target;

/**
 * Journey 7: reacting to a message the caller can see. The reaction and its event ({@code reaction.added}, or
 * {@code reaction.removed}) commit together; the message's cached counts are dropped after the commit and rebuilt
 * from Postgres on the next read ({@link ReactionCounts}).
 */
@Service
class Reactions {

	static final String ADD_OPERATION = "reactions.add";

	private final ReactionRepository reactions;

	private final ReactionCounts counts;

	private final IdempotencyKeys idempotencyKeys;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	Reactions(ReactionRepository reactions, ReactionCounts counts, IdempotencyKeys idempotencyKeys, Outbox outbox,
			TransactionTemplate transaction) {
		this.reactions = reactions;
		this.counts = counts;
		this.idempotencyKeys = idempotencyKeys;
		this.outbox = outbox;
		this.transaction = transaction;
	}

	/**
	 * Adds the caller's reaction. In a DM where one user blocked the other it is a 403 ({@code blocked}), as a DM post
	 * is. The same emoji a second time is a 409 ({@code already_reacted}); a repeat with the
	 * idempotency key of an earlier add answers that add again, also when the two race (the second waits for the
	 * first's claim of the key).
	 */
	Reaction add(UUID caller, String messageId, ReactionRequest request) {
		String emoji = Emoji.checked(request.emoji());
		String key = IdempotencyKeys.requestKey(request.idempotencyKey());
		UUID message = messageUuid(messageId);
		Reaction reaction = new Reaction(message.toString(), caller.toString(), emoji,
				Instant.now().truncatedTo(ChronoUnit.MICROS));
		Reaction answer = this.transaction.execute((status) -> {
			Target target = visible(message, caller);
			if (target.dmId() != null && this.reactions.dmBlocked(UUID.fromString(target.dmId()))) {
				throw DmBlocks.refusal();
			}
			if (key != null) {
				Optional<String> earlier = this.idempotencyKeys.claim(caller, ADD_OPERATION, key, reaction.resourceId());
				if (earlier.isPresent()) {
					return Reaction.fromResourceId(earlier.get(), caller.toString());
				}
			}
			if (!this.reactions.insert(message, caller, emoji, reaction.createdAt())) {
				throw ApiProblemException.conflict("already_reacted",
						"You reacted to this message with " + emoji + " already");
			}
			this.outbox.append(EventType.REACTION_ADDED, caller.toString(), target.messageId(),
					new ReactionAdded(target.messageId(), target.channelId(), target.dmId(), target.participantIds(),
							caller.toString(), emoji, reaction.createdAt()));
			return reaction;
		});
		if (answer == reaction) {
			this.counts.changed(reaction.messageId());
		}
		return answer;
	}

	/** Removes the caller's reaction; removing one that is not there changes nothing and is no error. */
	void remove(UUID caller, String messageId, String rawEmoji) {
		String emoji = Emoji.checked(rawEmoji);
		UUID message = messageUuid(messageId);
		boolean removed = Boolean.TRUE.equals(this.transaction.execute((status) -> {
			Target target = visible(message, caller);
			if (!this.reactions.delete(message, caller, emoji)) {
				return false;
			}
			this.outbox.append(EventType.REACTION_REMOVED, caller.toString(), target.messageId(),
					new ReactionRemoved(target.messageId(), target.channelId(), target.dmId(), target.participantIds(),
							caller.toString(), emoji, Instant.now().truncatedTo(ChronoUnit.MICROS)));
			return true;
		}));
		if (removed) {
			this.counts.changed(message.toString());
		}
	}

	/** The message's reactions: each emoji with its count and whether the caller is among those who used it. */
	ReactionSummary list(UUID caller, String messageId) {
		UUID message = messageUuid(messageId);
		visible(message, caller);
		List<ReactionCounts.Count> all = this.counts.of(message.toString(), () -> this.reactions.counts(message));
		Set<String> mine = Set.copyOf(this.reactions.emojiOf(message, caller));
		return new ReactionSummary(all.stream()
			.map((count) -> new ReactionSummary.Entry(count.emoji(), count.count(), mine.contains(count.emoji())))
			.toList());
	}

	private Target visible(UUID message, UUID caller) {
		return this.reactions.visibleMessage(message, caller).orElseThrow(() -> notFound(message.toString()));
	}

	private static UUID messageUuid(String messageId) {
		try {
			return UUID.fromString(messageId);
		}
		catch (IllegalArgumentException ex) {
			throw notFound(messageId);
		}
	}

	private static ApiProblemException notFound(String messageId) {
		return ApiProblemException.notFound("message_not_found", "No message " + messageId + " you can see");
	}

}
