package dev.colink.search.message;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * {@code GET /v1/search/messages}: one page of hits, best first; {@code total} counts the matches the caller may
 * see (exact up to 10,000); {@code nextCursor} is null on the last page.
 */
public record SearchResults(List<Result> data, long total, String nextCursor) {

	/** A matching message with its highlighted fragments ({@code <em>} around the matches, the rest HTML-escaped). */
	public record Result(String id, String text, List<String> highlights, Sender sender,
			@JsonInclude(Include.NON_NULL) String channelId, @JsonInclude(Include.NON_NULL) String dmId,
			@JsonInclude(Include.NON_NULL) String threadId, Instant createdAt, double score) {
	}

	public record Sender(String id, String username, String displayName) {
	}

}
