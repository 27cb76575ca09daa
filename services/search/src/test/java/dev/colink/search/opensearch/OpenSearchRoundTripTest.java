package dev.colink.search.opensearch;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against the real OpenSearch node of the running stack, configured from the service's own
 * application.yml (COLINK_OPENSEARCH_URL): a throwaway index with a message-like mapping, documents indexed with
 * refresh, and the kind of query the search feature runs (match on the text, filters on channel and deletion,
 * highlight).
 */
@SpringBootTest(classes = OpenSearchConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class OpenSearchRoundTripTest {

	private final String index = "test-round-trip-" + UUID.randomUUID();

	@Autowired
	OpenSearchClient client;

	record MessageDocument(String text, @JsonProperty("channel_id") String channelId,
			@JsonProperty("is_deleted") boolean isDeleted) {
	}

	@BeforeEach
	void createIndex() throws Exception {
		this.client.indices()
			.create(create -> create.index(this.index)
				.settings(settings -> settings.numberOfShards(1).numberOfReplicas(0))
				.mappings(mapping -> mapping.properties("text", text -> text.text(t -> t.analyzer("standard")))
					.properties("channel_id", channel -> channel.keyword(k -> k))
					.properties("is_deleted", deleted -> deleted.boolean_(b -> b))));
	}

	@AfterEach
	void deleteIndex() throws Exception {
		this.client.indices().delete(delete -> delete.index(this.index));
	}

	@Test
	void aMatchingMessageOfTheChannelComesBackHighlighted() throws Exception {
		index("m-1", new MessageDocument("The release is URGENT, please review today", "general", false));
		index("m-2", new MessageDocument("Nothing urgent here", "random", false));
		index("m-3", new MessageDocument("urgent but deleted", "general", true));

		SearchResponse<MessageDocument> response = this.client.search(search -> search.index(this.index)
			.query(query -> query.bool(bool -> bool
				.must(must -> must.match(match -> match.field("text").query(FieldValue.of("urgent"))))
				.filter(filter -> filter.term(term -> term.field("channel_id").value(FieldValue.of("general"))))
				.filter(filter -> filter.term(term -> term.field("is_deleted").value(FieldValue.of(false))))))
			.highlight(highlight -> highlight.fields("text", field -> field)), MessageDocument.class);

		assertThat(response.hits().total().value()).isEqualTo(1);
		Hit<MessageDocument> hit = response.hits().hits().get(0);
		assertThat(hit.id()).isEqualTo("m-1");
		assertThat(hit.source()).isEqualTo(new MessageDocument("The release is URGENT, please review today", "general", false));
		assertThat(hit.highlight().get("text")).singleElement().asString().contains("<em>URGENT</em>");
	}

	private void index(String id, MessageDocument document) throws Exception {
		this.client.index(request -> request.index(this.index).id(id).document(document).refresh(Refresh.True));
	}

}
