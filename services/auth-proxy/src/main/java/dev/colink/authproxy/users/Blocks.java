package dev.colink.authproxy.users;

import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

import dev.colink.platform.problems.ApiProblemException;

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
		UUID target = Users.parse(targetId).orElseThrow(() -> Users.unknownUser(targetId));
		if (target.toString().equals(caller.getSubject())) {
			throw ApiProblemException.invalid("cannot_block_self", "id", "you cannot block yourself");
		}
		if (!this.users.exists(target)) {
			throw Users.unknownUser(targetId);
		}
		return target;
	}

}
