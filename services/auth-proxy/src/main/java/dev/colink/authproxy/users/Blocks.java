package dev.colink.authproxy.users;

import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

/**
 * Blocking: a user blocks another so that they can no longer DM them (messaging reads {@code blocks}). Both
 * directions of the call are idempotent.
 */
@Service
public class Blocks {

	private final Users users;

	private final BlockRepository blocks;

	Blocks(Users users, BlockRepository blocks) {
		this.users = users;
		this.blocks = blocks;
	}

	public void block(Jwt caller, String targetId) {
		UUID target = existingTarget(caller, targetId);
		UUID blocker = UUID.fromString(this.users.me(caller).id()); // the caller's row must exist (foreign key)
		this.blocks.block(blocker, target);
	}

	public void unblock(Jwt caller, String targetId) {
		UUID target = existingTarget(caller, targetId);
		this.blocks.unblock(UUID.fromString(caller.getSubject()), target);
	}

	private UUID existingTarget(Jwt caller, String targetId) {
		UUID target = Users.parse(targetId).orElseThrow(() -> new UnknownUserException(targetId));
		if (target.toString().equals(caller.getSubject())) {
			throw new InvalidRequestException("id", "cannot_block_self", "you cannot block yourself");
		}
		if (!this.users.exists(target)) {
			throw new UnknownUserException(targetId);
		}
		return target;
	}

}
