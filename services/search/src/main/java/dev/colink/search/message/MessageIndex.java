package dev.colink.search.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The message index in OpenSearch: an index template (settings, analyzer, strict mapping) for every index named
 * {@code <alias>-*}, and the alias every read and write goes through, created at start-up on the first index
 * ({@code <alias>-v1}) unless it exists. Writes are versioned externally with the time of the change they carry
 * (creation, edit, deletion), so a redelivered or late event never overwrites a newer state.
 */
@Component
class MessageIndex {

	private static final Logger log = LoggerFactory.getLogger(MessageIndex.class);

	/** A write whose version is older than the document's: a stale event, rightly ignored. */
	private static final int VERSION_CONFLICT = 409;

	private final OpenSearchClient client;

	private final SearchProperties properties;

	MessageIndex(OpenSearchClient client, SearchProperties properties) {
		this.client = client;
		this.properties = properties;
	}

	String alias() {
		return this.properties.alias();
	}

	/**
	 * Puts the template and, unless the alias exists, the first index behind it; an index that exists already takes
	 * the configured refresh interval (the template only reaches indexes created after it). Safe from several
	 * instances.
	 */
	void ensureExists() throws IOException {
		request("PUT", "/_index_template/" + alias(), template());
		if (request("HEAD", "/_alias/" + alias(), null) == 200) {
			expectOk(request("PUT", "/" + alias() + "/_settings",
					"{\"index\":{\"refresh_interval\":\"" + this.properties.refreshInterval().toMillis() + "ms\"}}"),
					"set the refresh interval of " + alias());
			return;
		}
		int created = request("PUT", "/" + alias() + "-v1", "{\"aliases\":{\"" + alias() + "\":{\"is_write_index\":true}}}");
		if (created != 200 && request("HEAD", "/_alias/" + alias(), null) != 200) {
			throw new IOException("Could not create the index " + alias() + "-v1 (HTTP " + created + ")");
		}
		log.info("Created the message index {}-v1 behind the alias {}", alias(), alias());
	}

	/**
	 * Applies one write per message, in one bulk request. Stale writes (an older version than indexed) are
	 * ignored; a write the index refuses for its content is logged and dropped (retrying would not help).
	 * @throws IOException when OpenSearch cannot be reached or refuses the request as a whole: nothing to be taken
	 * as applied, the caller retries
	 */
	void apply(List<Write> writes) throws IOException {
		apply(alias(), writes);
	}

	/** {@link #apply(List)} to the given index or alias (a rebuild writes its new index directly). */
	void apply(String target, List<Write> writes) throws IOException {
		if (writes.isEmpty()) {
			return;
		}
		List<BulkOperation> operations = new ArrayList<>(writes.size());
		for (Write write : writes) {
			operations.add(BulkOperation.of((operation) -> operation.index((index) -> index.index(target)
				.id(write.messageId())
				.versionType(VersionType.ExternalGte)
				.version(write.version())
				.document(write.document()))));
		}
		BulkResponse response = this.client.bulk((bulk) -> bulk.operations(operations));
		if (!response.errors()) {
			return;
		}
		for (BulkResponseItem item : response.items()) {
			if (item.error() == null || item.status() == VERSION_CONFLICT) {
				continue;
			}
			if (item.status() == 429 || item.status() >= 500) {
				throw new IOException("OpenSearch could not index message " + item.id() + " now: " + item.error().reason());
			}
			log.error("OpenSearch refused message {}: {} {}", item.id(), item.status(), item.error().reason());
		}
	}

	/** The index the alias points at now. */
	String currentIndex() throws IOException {
		String aliases = body("GET", "/_alias/" + alias());
		// {"colink-messages-v1":{"aliases":{"colink-messages":{...}}}}: the first key is the index.
		int start = aliases.indexOf('"');
		return aliases.substring(start + 1, aliases.indexOf('"', start + 1));
	}

	void createIndex(String name) throws IOException {
		expectOk(request("PUT", "/" + name, "{}"), "create index " + name);
	}

	/** Points the alias from one index to the other in one atomic step. */
	void moveAlias(String from, String to) throws IOException {
		expectOk(request("POST", "/_aliases", "{\"actions\":[{\"remove\":{\"index\":\"" + from + "\",\"alias\":\"" + alias()
				+ "\"}},{\"add\":{\"index\":\"" + to + "\",\"alias\":\"" + alias() + "\",\"is_write_index\":true}}]}"),
				"move alias " + alias() + " to " + to);
	}

	void deleteIndex(String name) throws IOException {
		expectOk(request("DELETE", "/" + name, null), "delete index " + name);
	}

	/** Deletes the index if it exists; true if there was one. */
	boolean deleteIndexIfPresent(String name) throws IOException {
		int status = request("DELETE", "/" + name, null);
		if (status == 404) {
			return false;
		}
		expectOk(status, "delete index " + name);
		return true;
	}

	private static void expectOk(int status, String what) throws IOException {
		if (status != 200) {
			throw new IOException("OpenSearch refused to " + what + " (HTTP " + status + ")");
		}
	}

	private int request(String method, String endpoint, String json) throws IOException {
		try (Response response = this.client.generic().execute(build(method, endpoint, json))) {
			return response.getStatus();
		}
	}

	private String body(String method, String endpoint) throws IOException {
		try (Response response = this.client.generic().execute(build(method, endpoint, null))) {
			expectOk(response.getStatus(), method + " " + endpoint);
			return response.getBody().map((body) -> body.bodyAsString()).orElse("");
		}
	}

	private static org.opensearch.client.opensearch.generic.Request build(String method, String endpoint, String json) {
		Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint);
		if (json != null) {
			request.json(json);
		}
		return request.build();
	}

	private String template() throws IOException {
		try (InputStream in = MessageIndex.class.getResourceAsStream("/opensearch/messages-template.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{alias}", alias())
				.replace("{replicas}", Integer.toString(this.properties.replicas()))
				.replace("{refresh}", this.properties.refreshInterval().toMillis() + "ms");
		}
	}

	/** One message's new state, versioned by the time of its change (epoch milliseconds). */
	record Write(String messageId, long version, MessageDocument document) {
	}

}
