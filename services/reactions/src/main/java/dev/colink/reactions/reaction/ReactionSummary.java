package dev.colink.reactions.reaction;

import java.util.List;

/** {@code GET /v1/messages/{messageId}/reactions}: each emoji once, in the order it was first used. */
record ReactionSummary(List<Entry> data) {

	record Entry(String emoji, long count, boolean reactedByMe) {
	}

}
