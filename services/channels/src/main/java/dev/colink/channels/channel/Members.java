package dev.colink.channels.channel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.colink.events.ChannelMemberJoined;
import dev.colink.events.ChannelMemberLeft;
import dev.colink.events.EventType;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;

/**
 * A channel's members: listing them, joining and leaving, inviting and removing. Each change locks the channel's
 * row, keeps {@code member_count} right and announces itself ({@code channel.member_joined} /
 * {@code channel.member_left}, keyed by the channel) in its transaction.
 * <p>
 * Rules: anyone may join a public channel, nobody a private one (403); any member invites to a public channel,
 * only owners and admins to a private one; only owners and admins remove members, and only owners remove owners.
 * A channel keeps an owner while it has other members: its last owner can neither leave nor be removed then
 * (409 {@code last_owner}); an owner who is its only member may leave, and the channel stays, empty.
 */
@Service
public class Members {

	private final Channels channels;

	private final ChannelRepository channelRepository;

	private final MemberRepository members;

	private final Outbox outbox;

	Members(Channels channels, ChannelRepository channelRepository, MemberRepository members, Outbox outbox) {
		this.channels = channels;
		this.channelRepository = channelRepository;
		this.members = members;
		this.outbox = outbox;
	}

	/** A result and whether it changed anything (201 rather than 200 for an invitation). */
	public record Outcome<T>(T value, boolean created) {
	}

	/** One page of the members of a channel the caller may see, by username, with their names. */
	public MemberPage list(UUID caller, String channelId, Integer limit, String cursor) {
		int pageSize = ChannelRules.limit(limit);
		String after = ChannelRules.memberCursor(cursor);
		UUID id = UUID.fromString(this.channels.visible(caller, channelId).channel().id());
		List<Member> rows = this.members.page(id, after, pageSize + 1);
		if (rows.size() <= pageSize) {
			return new MemberPage(rows, null);
		}
		List<Member> page = List.copyOf(rows.subList(0, pageSize));
		return new MemberPage(page,
				ChannelRules.cursor(page.get(pageSize - 1).username().toLowerCase(Locale.ROOT)));
	}

	/** The caller becomes a member of a public channel; a member already changes nothing. */
	@Transactional
	public Channel join(UUID caller, String channelId) {
		this.channels.requireActiveUser(caller);
		ChannelAccess access = lock(caller, channelId).orElseThrow(() -> Channels.notFound(channelId));
		if (access.isMember()) {
			return access.channel();
		}
		if (access.channel().isPrivate()) {
			throw ApiProblemException.forbidden("channel_private", "A private channel is joined by invitation only");
		}
		return addMember(access.channel(), caller, caller).channel();
	}

	/** The caller stops being a member; not being one changes nothing. */
	@Transactional
	public void leave(UUID caller, String channelId) {
		ChannelAccess access = lockVisible(caller, channelId);
		if (!access.isMember()) {
			return;
		}
		requireAnotherOwnerIfLastOwnerLeaves(access.channel(), access.callerRole());
		removeMember(access.channel(), caller, caller);
	}

	/** Adds a user to a channel as a member; a member already is answered as they are. */
	@Transactional
	public Outcome<Membership> invite(UUID caller, String channelId, InviteRequest request) {
		if (request.userId() == null || request.userId().isBlank()) {
			throw ApiProblemException.invalid("userId", "is required");
		}
		ChannelAccess access = lockVisible(caller, channelId);
		if (!access.isMember()) {
			throw ApiProblemException.forbidden("not_a_member", "Only members invite to a channel");
		}
		if (access.channel().isPrivate() && !access.callerRole().manages()) {
			throw ApiProblemException.forbidden("not_allowed", "Only owners and admins invite to a private channel");
		}
		UUID invitee = ChannelRules.uuid(request.userId()).orElseThrow(() -> unknownUser(request.userId()));
		String status = this.members.userStatus(invitee).orElseThrow(() -> unknownUser(request.userId()));
		if (!"active".equals(status)) {
			throw ApiProblemException.forbidden("user_deactivated", "User " + invitee + " is deactivated");
		}
		UUID id = UUID.fromString(access.channel().id());
		return this.members.find(id, invitee)
			.map((existing) -> new Outcome<>(existing, false))
			.orElseGet(() -> new Outcome<>(addMember(access.channel(), invitee, caller).membership(), true));
	}

	/** Removes a member (owners and admins only; owners only remove owners); a non-member changes nothing. */
	@Transactional
	public void remove(UUID caller, String channelId, String userId) {
		ChannelAccess access = lockVisible(caller, channelId);
		if (!access.isMember() || !access.callerRole().manages()) {
			throw ApiProblemException.forbidden("not_allowed", "Only owners and admins remove members");
		}
		UUID id = UUID.fromString(access.channel().id());
		Optional<UUID> member = ChannelRules.uuid(userId);
		Role role = member.flatMap((user) -> this.members.role(id, user)).orElse(null);
		if (role == null) {
			return;
		}
		if (role == Role.OWNER && access.callerRole() != Role.OWNER) {
			throw ApiProblemException.forbidden("not_allowed", "Only owners remove an owner");
		}
		requireAnotherOwnerIfLastOwnerLeaves(access.channel(), role);
		removeMember(access.channel(), member.get(), caller);
	}

	private ChannelAccess lockVisible(UUID caller, String channelId) {
		return lock(caller, channelId).filter(ChannelAccess::isVisible).orElseThrow(() -> Channels.notFound(channelId));
	}

	/** The channel, locked, with the caller's role read once the lock is held. */
	private Optional<ChannelAccess> lock(UUID caller, String channelId) {
		return ChannelRules.uuid(channelId)
			.flatMap(this.channelRepository::lock)
			.map((channel) -> new ChannelAccess(channel,
					this.members.role(UUID.fromString(channel.id()), caller).orElse(null)));
	}

	private void requireAnotherOwnerIfLastOwnerLeaves(Channel channel, Role leaving) {
		if (leaving == Role.OWNER && channel.memberCount() > 1
				&& this.members.countOwners(UUID.fromString(channel.id())) == 1) {
			throw ApiProblemException.conflict("last_owner",
					"The last owner of a channel with other members cannot leave it");
		}
	}

	private Added addMember(Channel channel, UUID user, UUID actor) {
		UUID id = UUID.fromString(channel.id());
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.members.insert(id, user, Role.MEMBER, now);
		int count = this.channelRepository.addToMemberCount(id, 1);
		this.outbox.append(EventType.CHANNEL_MEMBER_JOINED, actor.toString(), channel.id(),
				new ChannelMemberJoined(channel.id(), user.toString(), Role.MEMBER.wireName(), actor.toString(), now));
		return new Added(channel.withMemberCount(count),
				new Membership(channel.id(), user.toString(), Role.MEMBER.wireName(), now));
	}

	private void removeMember(Channel channel, UUID user, UUID actor) {
		UUID id = UUID.fromString(channel.id());
		this.members.delete(id, user);
		this.channelRepository.addToMemberCount(id, -1);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.outbox.append(EventType.CHANNEL_MEMBER_LEFT, actor.toString(), channel.id(),
				new ChannelMemberLeft(channel.id(), user.toString(), actor.toString(), now));
	}

	private static ApiProblemException unknownUser(String userId) {
		return ApiProblemException.notFound("user_not_found", "No user " + userId);
	}

	private record Added(Channel channel, Membership membership) {
	}

}
