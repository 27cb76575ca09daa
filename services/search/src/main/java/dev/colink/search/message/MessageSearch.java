package dev.colink.search.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.HighlighterEncoder;
import org.opensearch.client.opensearch.core.search.Hit;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.colink.platform.Ids;
import dev.colink.platform.problems.ApiProblemException;

/**
 * Journey 5: the caller's conversations from Postgres, the OpenSearch query within them (text match, optional
 * channel, not deleted, {@code <em>} highlights), then the Postgres double-check that drops whatever was deleted
 * or became invisible since it was indexed, with the senders in the same query.
 */
@Service
public class MessageSearch {

	static final int MAX_QUERY_LENGTH = 256;

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private final OpenSearchClient client;

	private final VisibleMessages visible;

	private final SearchProperties properties;

	MessageSearch(OpenSearchClient client, VisibleMessages visible, SearchProperties properties) {
		this.client = client;
		this.visible = visible;
		this.properties = properties;
	}

	public SearchResults search(UUID caller, String q, String channelId, Integer limit, String cursor) {
		String text = query(q);
		int size = Ids.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		List<FieldValue> after = (cursor != null) ? SearchCursor.parse(cursor) : null;
		List<String> conversations;
		if (channelId != null) {
			UUID channel = channel(channelId);
			if (!this.visible.isMember(channel, caller)) {
				throw ApiProblemException.forbidden("not_a_member", "Only members search channel " + channelId);
			}
			conversations = List.of(MessageDocument.conversation(channelId, null));
		}
		else {
			conversations = this.visible.conversationsOf(caller);
		}
		if (conversations.isEmpty()) {
			return new SearchResults(List.of(), 0, null);
		}

		SearchResponse<Void> response = run(searchRequest(text, conversations, size + 1, after));
		List<Hit<Void>> hits = response.hits().hits();
		List<Hit<Void>> page = hits.subList(0, Math.min(size, hits.size()));
		Map<String, VisibleMessages.Visible> still = this.visible.visible(
				page.stream().map((hit) -> UUID.fromString(hit.id())).toList(), caller);
		List<SearchResults.Result> results = new ArrayList<>(page.size());
		for (Hit<Void> hit : page) {
			VisibleMessages.Visible message = still.get(hit.id());
			if (message != null) {
				results.add(new SearchResults.Result(message.id(), message.text(),
						hit.highlight().getOrDefault("text", List.of()), message.sender(), message.channelId(),
						message.dmId(), message.threadId(), message.createdAt().toInstant(),
						(hit.score() != null) ? hit.score() : 0));
			}
		}
		long total = (response.hits().total() != null) ? response.hits().total().value() : results.size();
		String next = (hits.size() > size) ? SearchCursor.of(page.get(page.size() - 1).sort()) : null;
		return new SearchResults(results, Math.max(0, total - (page.size() - results.size())), next);
	}

	private SearchRequest searchRequest(String text, List<String> conversations, int size, List<FieldValue> after) {
		List<FieldValue> inConversations = conversations.stream().map(FieldValue::of).toList();
		return SearchRequest.of((search) -> {
			search.index(this.properties.alias())
				.query((query) -> query.bool((bool) -> bool
					.must((must) -> must.match((match) -> match.field("text").query(FieldValue.of(text)).operator(Operator.And)))
					.filter((filter) -> filter.terms((terms) -> terms.field("conversation").terms((values) -> values.value(inConversations))))
					.filter((filter) -> filter.term((term) -> term.field("is_deleted").value(FieldValue.of(false))))))
				.highlight((highlight) -> highlight.encoder(HighlighterEncoder.Html)
					.preTags("<em>")
					.postTags("</em>")
					.fields("text", (field) -> field.fragmentSize(150).numberOfFragments(3)))
				.sort((sort) -> sort.score((score) -> score.order(SortOrder.Desc)))
				.sort((sort) -> sort.field((field) -> field.field("created_at").order(SortOrder.Desc)))
				.sort((sort) -> sort.field((field) -> field.field("message_id").order(SortOrder.Desc)))
				.trackTotalHits((track) -> track.count(this.properties.maxTotal()))
				.source((source) -> source.fetch(false))
				.size(size);
			if (after != null) {
				search.searchAfter(after);
			}
			return search;
		});
	}

	private SearchResponse<Void> run(SearchRequest request) {
		try {
			return this.client.search(request, Void.class);
		}
		catch (IOException | OpenSearchException ex) {
			throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "search_unavailable", null,
					"Search is unavailable for a moment; messages are still being sent and will be found later");
		}
	}

	private static String query(String q) {
		if (q == null || q.isBlank()) {
			throw ApiProblemException.invalid("q", "is required");
		}
		if (q.length() > MAX_QUERY_LENGTH || q.indexOf('\u0000') >= 0) {
			throw ApiProblemException.invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters (no NUL)");
		}
		return q.strip();
	}


	private static UUID channel(String channelId) {
		try {
			if (channelId.length() == 36) {
				return UUID.fromString(channelId);
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw ApiProblemException.invalid("channelId", "is not a channel id");
	}

}
