package dev.colink.search.message;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.Latencies;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search on the running stack with a corpus of {@code COLINK_BENCH_MESSAGES} messages (default 100,000) spread over
 * 20 channels, the searching user a member of 10: the corpus is written to Postgres and bulk-indexed the way the
 * indexer writes, then (1) query latency through the gateway for single common words, and (2) freshness: a message
 * posted through the gateway, timed until a search through the gateway finds it. Not part of the test run (tag
 * "benchmark"); {@code ./colink bench search SearchBenchmark}, with the gateway's rate limit lifted
 * ({@code COLINK_RATE_LIMIT_ENABLED=false ./colink restart gateway}). Writes target/benchmarks/search.txt and
 * removes its corpus afterwards.
 */
@Tag("benchmark")
class SearchBenchmark {

	private static final int MESSAGES = setting("messages", 100_000);

	private static final int QUERIES = setting("queries", 300);

	private static final int FRESHNESS_POSTS = setting("posts", 100);

	private static final String[] COMMON = { "urgent", "release", "build", "deploy", "review", "meeting", "customer",
			"incident", "budget", "roadmap", "design", "invoice", "question", "thanks", "lunch", "holiday" };

	private final Random random = new Random(42);

	private final ApiClient api = ApiClient.gateway();

	@Test
	void searchLatencyAndFreshness() throws Exception {
		SignedInUser reader = SignedInUsers.create("bench-search");
		SignedInUser other = SignedInUsers.create("bench-search-other");
		List<String> channels = new ArrayList<>();
		StringBuilder report = new StringBuilder("Search on the running stack, %s, %d cores, %,d messages%n"
			.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), MESSAGES));
		try (OpenSearchTransport transport = ApacheHttpClient5TransportBuilder
			.builder(HttpHost.create(URI.create(env("COLINK_OPENSEARCH_URL", "http://127.0.0.1:9200"))))
			.setMapper(new JacksonJsonpMapper())
			.build(); Connection db = DriverManager.getConnection(env("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink"),
					env("COLINK_DB_USER", "colink"), env("COLINK_DB_PASSWORD", "colink"))) {
			OpenSearchClient search = new OpenSearchClient(transport);
			for (int i = 0; i < 20; i++) {
				channels.add(MessageSearchTest.channel(i < 10 ? reader : other));
			}
			long seeding = System.nanoTime();
			seed(db, search, channels, reader.id());
			report.append(print("corpus written to Postgres and indexed in %.0f s%n".formatted((System.nanoTime() - seeding) / 1e9)));
			search.indices().refresh((refresh) -> refresh.index("colink-messages"));

			report.append(print("query, one common word, %d queries after 50 warm-up: %s%n"
				.formatted(QUERIES, Latencies.percentiles(queries(reader)))));
			report.append(print("post -> searchable, %d posts one at a time: %s%n"
				.formatted(FRESHNESS_POSTS, Latencies.percentiles(freshness(reader, channels.get(0))))));
		}
		finally {
			removeCorpus(channels);
			SignedInUsers.delete(reader);
			SignedInUsers.delete(other);
		}
		Path out = Path.of("target", "benchmarks", "search.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
	}

	/** Writes the corpus to Postgres and to the index in batches of 5,000 (one bulk request each). */
	private void seed(Connection db, OpenSearchClient search, List<String> channels, String senderId) throws Exception {
		db.setAutoCommit(false);
		Instant start = Instant.now().minus(Duration.ofDays(30));
		try (PreparedStatement insert = db.prepareStatement(
				"insert into messages (id, channel_id, sender_id, text, created_at) values (?, ?, ?, ?, ?)")) {
			List<BulkOperation> operations = new ArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				UUID id = UUID.randomUUID();
				String channelId = channels.get(i % channels.size());
				String text = sentence();
				Instant createdAt = start.plusMillis(i * 10L);
				insert.setObject(1, id);
				insert.setObject(2, UUID.fromString(channelId));
				insert.setObject(3, UUID.fromString(senderId));
				insert.setString(4, text);
				insert.setTimestamp(5, Timestamp.from(createdAt));
				insert.addBatch();
				MessageDocument document = MessageDocument.visible(id.toString(), text, channelId, null, null, senderId,
						createdAt.toString());
				operations.add(BulkOperation.of((operation) -> operation.index((index) -> index.index("colink-messages")
					.id(id.toString())
					.versionType(VersionType.ExternalGte)
					.version(createdAt.toEpochMilli())
					.document(document))));
				if (operations.size() == 5_000) {
					flush(db, insert, search, operations);
				}
			}
			flush(db, insert, search, operations);
		}
		db.setAutoCommit(true);
	}

	private static void flush(Connection db, PreparedStatement insert, OpenSearchClient search,
			List<BulkOperation> operations) throws Exception {
		if (operations.isEmpty()) {
			return;
		}
		insert.executeBatch();
		db.commit();
		BulkResponse response = search.bulk((bulk) -> bulk.operations(operations));
		assertThat(response.errors()).as("bulk indexing errors").isFalse();
		operations.clear();
	}

	private List<Long> queries(SignedInUser reader) {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 50 + QUERIES; i++) {
			String word = COMMON[this.random.nextInt(COMMON.length)];
			long start = System.nanoTime();
			this.api.get("/v1/search/messages?q=" + word, reader.accessToken()).expect(200);
			if (i >= 50) {
				latencies.add(System.nanoTime() - start);
			}
		}
		return latencies;
	}

	private List<Long> freshness(SignedInUser reader, String channelId) {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < FRESHNESS_POSTS; i++) {
			String marker = MessageSearchTest.marker();
			long start = System.nanoTime();
			this.api.post("/v1/messages", reader.accessToken(), json("channelId", channelId, "text", "fresh " + marker))
				.expect(201);
			while (this.api.get("/v1/search/messages?q=" + marker, reader.accessToken()).expect(200).get("data").isEmpty()) {
				if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
					throw new AssertionError("message " + marker + " not searchable after 30 s");
				}
			}
			latencies.add(System.nanoTime() - start);
		}
		return latencies;
	}

	private void removeCorpus(List<String> channels) throws Exception {
		if (channels.isEmpty()) {
			return;
		}
		try (OpenSearchTransport transport = ApacheHttpClient5TransportBuilder
			.builder(HttpHost.create(URI.create(env("COLINK_OPENSEARCH_URL", "http://127.0.0.1:9200"))))
			.setMapper(new JacksonJsonpMapper())
			.build(); Connection db = DriverManager.getConnection(env("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink"),
					env("COLINK_DB_USER", "colink"), env("COLINK_DB_PASSWORD", "colink"))) {
			try (PreparedStatement messages = db.prepareStatement("delete from messages where channel_id = any(?)")) {
				messages.setArray(1, db.createArrayOf("uuid", channels.stream().map(UUID::fromString).toArray()));
				messages.executeUpdate();
			}
			// A million deletions outlast any request timeout: OpenSearch runs them as a task of its own.
			List<FieldValue> conversations = channels.stream().map((id) -> FieldValue.of("c:" + id)).toList();
			new OpenSearchClient(transport).deleteByQuery((delete) -> delete.index("colink-messages")
				.waitForCompletion(false)
				.conflicts(Conflicts.Proceed)
				.query((query) -> query.terms((terms) -> terms.field("conversation").terms((values) -> values.value(conversations)))));
		}
	}

	private String sentence() {
		StringBuilder text = new StringBuilder();
		for (int w = 0; w < 10; w++) {
			if (w > 0) {
				text.append(' ');
			}
			text.append(this.random.nextInt(4) == 0 ? COMMON[this.random.nextInt(COMMON.length)]
					: "w" + Integer.toString(this.random.nextInt(20_000), 36));
		}
		return text.toString();
	}

	private static String print(String line) {
		System.out.print(line);
		System.out.flush();
		return line;
	}

	private static String env(String name, String defaultValue) {
		return System.getenv().getOrDefault(name, defaultValue);
	}

	private static int setting(String name, int defaultValue) {
		String env = System.getenv("COLINK_BENCH_" + name.toUpperCase(Locale.ROOT));
		return (env != null) ? Integer.parseInt(env) : defaultValue;
	}

}
