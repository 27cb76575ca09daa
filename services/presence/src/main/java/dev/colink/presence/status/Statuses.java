package dev.colink.presence.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.colink.events.EventType;
import dev.colink.events.PresenceUpdated;
import dev.colink.events.Typing;
import dev.colink.platform.Ids;
import dev.colink.platform.problems.ApiProblemException;
import dev.colink.platform.schema.DmBlocks;

/**
 * Journey 6: statuses kept alive by heartbeats ({@code presence.updated} when one changes, and when heartbeats stop),
 * and typing signals ({@code typing.started} once per burst of typing, {@code typing.stopped} 5 s after the last).
 */
@Service
class Statuses {

	static final Set<String> STATUSES = Set.of("online", "away", "dnd", "offline");

	static final String OFFLINE = "offline";

	private static final int MAX_CUSTOM_STATUS = 100;

	private static final int MAX_USERS_PER_READ = 200;

	/** Separates status and custom status in the stored value (never part of either). */
	private static final char SEPARATOR = '\u001f';

	private final PresenceKeys keys;

	private final Conversations conversations;

	private final PresenceEvents events;

	Statuses(PresenceKeys keys, Conversations conversations, PresenceEvents events) {
		this.keys = keys;
		this.conversations = conversations;
		this.events = events;
	}

	Presence update(UUID caller, PresenceRequest request) {
		String status = request.status();
		if (status == null || !STATUSES.contains(status)) {
			throw ApiProblemException.invalid("status", "must be one of online, away, dnd, offline");
		}
		String custom = (request.customStatus() != null) ? request.customStatus().strip() : null;
		if (custom != null && (custom.length() > MAX_CUSTOM_STATUS || custom.chars().anyMatch(Character::isISOControl))) {
			throw ApiProblemException.invalid("customStatus", "must be at most " + MAX_CUSTOM_STATUS
					+ " characters without control characters");
		}
		if (custom != null && custom.isEmpty()) {
			custom = null;
		}
		String userId = caller.toString();
		if (OFFLINE.equals(status)) {
			if (this.keys.clearStatus(userId).isPresent()) {
				announce(userId, OFFLINE, null);
			}
			return new Presence(userId, OFFLINE, null, 0);
		}
		String value = status + SEPARATOR + ((custom != null) ? custom : "");
		String previous = this.keys.setStatus(userId, value).orElse(null);
		if (!value.equals(previous)) {
			announce(userId, status, custom);
		}
		return new Presence(userId, status, custom, (int) PresenceKeys.PRESENCE_TTL.toSeconds());
	}

	PresencePage read(String userIds) {
		if (userIds == null || userIds.isBlank()) {
			throw ApiProblemException.invalid("userIds", "is required: user ids separated by commas");
		}
		Set<String> asked = new LinkedHashSet<>();
		for (String id : userIds.split(",")) {
			asked.add(Ids.uuid(id.strip())
				.orElseThrow(() -> ApiProblemException.invalid("userIds", "'" + id.strip() + "' is not a user id"))
				.toString());
		}
		if (asked.size() > MAX_USERS_PER_READ) {
			throw ApiProblemException.invalid("userIds", "at most " + MAX_USERS_PER_READ + " users at once");
		}
		List<String> ids = new ArrayList<>(asked);
		List<String> stored = this.keys.statuses(ids);
		List<Presence> data = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			String value = stored.get(i);
			if (value == null) {
				data.add(new Presence(ids.get(i), OFFLINE, null, null));
			}
			else {
				int at = value.indexOf(SEPARATOR);
				String custom = value.substring(at + 1);
				data.add(new Presence(ids.get(i), value.substring(0, at), custom.isEmpty() ? null : custom, null));
			}
		}
		return new PresencePage(data);
	}

	void typing(UUID caller, TypingRequest request) {
		if ((request.channelId() == null) == (request.dmId() == null)) {
			throw ApiProblemException.invalid((request.channelId() == null) ? "channelId" : "dmId",
					"exactly one of channelId and dmId is required");
		}
		Typing signal;
		String conversation;
		String kind;
		if (request.channelId() != null) {
			UUID channel = uuid(request.channelId(), "channelId");
			if (!this.conversations.isMember(channel, caller)) {
				throw notAMember();
			}
			conversation = channel.toString();
			kind = "channel";
			signal = new Typing(caller.toString(), conversation, null, null, Instant.now());
		}
		else {
			UUID dm = uuid(request.dmId(), "dmId");
			List<String> participants = this.conversations.dmParticipants(dm)
				.filter((users) -> users.contains(caller.toString()))
				.orElseThrow(Statuses::notAMember);
			if (this.conversations.dmBlocked(dm)) {
				throw DmBlocks.refusal();
			}
			conversation = dm.toString();
			kind = "dm";
			signal = new Typing(caller.toString(), null, conversation, participants, Instant.now());
		}
		if (this.keys.type(conversation, kind, caller.toString())) {
			this.events.publish(EventType.TYPING_STARTED, caller.toString(), conversation, signal);
		}
	}

	/** A presence key expired: the one instance that takes its expiry announces the user offline. */
	void presenceExpired(String userId) {
		if (this.keys.takePresenceExpiry(userId)) {
			announce(userId, OFFLINE, null);
		}
	}

	/** A typing key expired: the one instance that takes its expiry announces the stop. */
	void typingExpired(String conversationId, String userId) {
		this.keys.takeTypingExpiry(conversationId, userId).ifPresent((kind) -> {
			Typing signal;
			if ("dm".equals(kind)) {
				List<String> participants = this.conversations.dmParticipants(UUID.fromString(conversationId))
					.orElse(List.of(userId));
				signal = new Typing(userId, null, conversationId, participants, Instant.now());
			}
			else {
				signal = new Typing(userId, conversationId, null, null, Instant.now());
			}
			this.events.publish(EventType.TYPING_STOPPED, userId, conversationId, signal);
		});
	}

	private void announce(String userId, String status, String custom) {
		this.events.publish(EventType.PRESENCE_UPDATED, userId, userId,
				new PresenceUpdated(userId, status, custom, Instant.now()));
	}

	private static UUID uuid(String value, String field) {
		return Ids.uuid(value).orElseThrow(() -> ApiProblemException.invalid(field, "is not an id"));
	}

	private static ApiProblemException notAMember() {
		return ApiProblemException.forbidden("not_a_member", "Only members of the conversation may type in it.");
	}

}
