package dev.colink.platform.schema;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.colink.platform.problems.ApiProblemException;

/**
 * Whether a DM is closed by a block ({@code blocks}, written by auth-proxy): either of its two users blocked the
 * other. Messaging refuses a DM post across a block; a reply in the DM's thread, an edit of one of its messages, a
 * reaction to one and typing into it are refused the same way (messaging, threads, reactions, presence), so that a
 * block stops every write that reaches the other user.
 */
public final class DmBlocks {

	private DmBlocks() {
	}

	/** Whether one of the DM's users blocked the other (false for a DM that does not exist, or with oneself). */
	public static boolean isBlocked(JdbcClient jdbc, UUID dmId) {
		return jdbc.sql("""
				select exists (select 1 from direct_conversations d join blocks b
				               on (b.blocker_id = d.user_a and b.blocked_id = d.user_b)
				               or (b.blocker_id = d.user_b and b.blocked_id = d.user_a)
				               where d.id = :dm)""")
			.param("dm", dmId)
			.query(Boolean.class)
			.single();
	}

	/** The refusal of a DM post across a block: {@code 403 blocked}. */
	public static ApiProblemException refusal() {
		return ApiProblemException.forbidden("blocked", "These users cannot message each other.");
	}

}
