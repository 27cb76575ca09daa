package dev.colink.platform.schema;

import java.util.List;

/**
 * Who may read a message, as SQL over the one schema every service shares: a member of its channel or a participant
 * of its DM. Messaging, files, search and reactions all decide it with this condition, so that a change to the rule
 * reaches every one of them.
 */
public final class MessageAccess {

	/**
	 * A condition on the message row aliased {@code m}, for the user bound as {@code :caller}. Deletion is not part of
	 * it: callers that hide deleted messages add {@code not m.is_deleted}.
	 */
	public static final String READABLE_BY_CALLER = """
			(exists (select 1 from channel_members cm where cm.channel_id = m.channel_id and cm.user_id = :caller)
				or exists (select 1 from direct_conversations d
					where d.id = m.dm_id and (d.user_a = :caller or d.user_b = :caller)))""";

	/**
	 * A DM's users from its {@code user_a} and {@code user_b} columns: one when someone writes to themselves, null
	 * when the row is no DM (both null).
	 */
	public static List<String> participants(String userA, String userB) {
		if (userA == null) {
			return null;
		}
		return userA.equals(userB) ? List.of(userA) : List.of(userA, userB);
	}

	private MessageAccess() {
	}

}
