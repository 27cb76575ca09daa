package dev.colink.channels.channel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.colink.events.ChannelCreated;
import dev.colink.events.EventType;
import dev.colink.platform.idempotency.IdempotencyKeys;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;

/**
 * Creating, reading and listing channels. A channel is seen by its members and, when public, by everyone; a private
 * channel is never shown to anyone else, not even as existing: it answers 404 like an unknown one.
 */
@Service
public class Channels {

	static final String CREATE_OPERATION = "channels.create";

	private final ChannelRepository channels;

	private final MemberRepository members;

	private final IdempotencyKeys idempotencyKeys;

	private final Outbox outbox;

	Channels(ChannelRepository channels, MemberRepository members, IdempotencyKeys idempotencyKeys, Outbox outbox) {
		this.channels = channels;
		this.members = members;
		this.idempotencyKeys = idempotencyKeys;
		this.outbox = outbox;
	}

	/**
	 * Creates a channel whose only member is its creator, as owner, and announces it ({@code channel.created}), all
	 * in one transaction. A repeat of an earlier request with the same idempotency key (same user, within 24 h)
	 * answers that request's channel and creates nothing, also when the two race: the second waits for the first's
	 * claim of the key to commit.
	 */
	@Transactional
	public Channel create(UUID caller, CreateChannelRequest request) {
		String name = ChannelRules.name(request.name());
		String displayName = ChannelRules.displayName(request.displayName(), name);
		boolean isPrivate = Boolean.TRUE.equals(request.isPrivate());
		String idempotencyKey = IdempotencyKeys.requestKey(request.idempotencyKey());
		requireActiveUser(caller);

		UUID id = UuidCreator.getTimeOrderedEpoch();
		if (idempotencyKey != null) {
			Optional<String> earlier = this.idempotencyKeys.claim(caller, CREATE_OPERATION, idempotencyKey, id.toString());
			if (earlier.isPresent()) {
				return this.channels.find(UUID.fromString(earlier.get()))
					.orElseThrow(() -> new IllegalStateException("Channel " + earlier.get() + " of an idempotency key is gone"));
			}
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Channel channel = new Channel(id.toString(), name, displayName, isPrivate, caller.toString(), now, 1);
		if (!this.channels.insertUnlessNameTaken(channel)) {
			throw ApiProblemException.conflict("channel_name_taken", "A channel named " + name + " exists already");
		}
		this.members.insert(id, caller, Role.OWNER, now);
		this.outbox.append(EventType.CHANNEL_CREATED, caller.toString(), channel.id(),
				new ChannelCreated(channel.id(), name, displayName, isPrivate, caller.toString(), now));
		return channel;
	}

	/** The channel, if the caller may see it. */
	public Channel find(UUID caller, String channelId) {
		return visible(caller, channelId).channel();
	}

	/** One page of the caller's channels, or with {@code scope=public} of every public channel, by name. */
	public ChannelPage list(UUID caller, String scope, Integer limit, String cursor) {
		boolean publicScope = ChannelRules.publicScope(scope);
		int pageSize = ChannelRules.limit(limit);
		String after = ChannelRules.channelCursor(cursor);
		List<Channel> rows = publicScope ? this.channels.publicChannels(after, pageSize + 1)
				: this.channels.channelsOf(caller, after, pageSize + 1);
		if (rows.size() <= pageSize) {
			return new ChannelPage(rows, null);
		}
		List<Channel> page = List.copyOf(rows.subList(0, pageSize));
		return new ChannelPage(page, ChannelRules.cursor(page.get(pageSize - 1).name()));
	}

	/** The channel with the caller's role, if the caller may see it; else 404, as for an unknown channel. */
	ChannelAccess visible(UUID caller, String channelId) {
		return ChannelRules.uuid(channelId)
			.flatMap((id) -> this.channels.findWithCallerRole(id, caller))
			.filter(ChannelAccess::isVisible)
			.orElseThrow(() -> notFound(channelId));
	}

	static ApiProblemException notFound(String channelId) {
		return ApiProblemException.notFound("channel_not_found", "No channel " + channelId);
	}

	/** A user who becomes a member must be a known, active one: they are the row {@code channel_members} names. */
	void requireActiveUser(UUID userId) {
		String status = this.members.userStatus(userId)
			.orElseThrow(() -> ApiProblemException.forbidden("unknown_user",
					"The signed-in user is unknown here; sign in through /auth/login first"));
		if (!"active".equals(status)) {
			throw ApiProblemException.forbidden("user_deactivated", "The signed-in user is deactivated");
		}
	}

}
