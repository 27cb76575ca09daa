package dev.colink.attack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the system has stored, to compare before and after an attack: the row count of every table a client's request
 * can write, and the end offset of every partition of every event topic. Presence is left out: statuses of users of
 * earlier tests expire on their own and are announced on that topic whatever an attacker does.
 */
record StoredState(Map<String, Long> rows, Map<String, Long> offsets) {

	static final List<String> TABLES = List.of("messages", "message_files", "direct_conversations", "channels",
			"channel_members", "reactions", "threads", "files", "blocks", "audit_logs", "users");

	private static final String DB_URL = env("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

	private static final String KAFKA = env("COLINK_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

	static StoredState now() {
		Map<String, Long> rows = new LinkedHashMap<>();
		try (Connection db = DriverManager.getConnection(DB_URL, env("COLINK_DB_USER", "colink"),
				env("COLINK_DB_PASSWORD", "colink")); Statement statement = db.createStatement()) {
			for (String table : TABLES) {
				try (ResultSet count = statement.executeQuery("select count(*) from " + table)) {
					count.next();
					rows.put(table, count.getLong(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not count the stored rows", ex);
		}
		Properties config = new Properties();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
		try (Admin kafka = Admin.create(config)) {
			List<String> topics = kafka.listTopics().names().get().stream()
				.filter((topic) -> !topic.startsWith("__") && !topic.contains("presence"))
				.sorted()
				.toList();
			Map<TopicPartition, OffsetSpec> ends = kafka.describeTopics(topics).allTopicNames().get().values().stream()
				.flatMap((topic) -> topic.partitions().stream().map((p) -> new TopicPartition(topic.name(), p.partition())))
				.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest()));
			Map<String, Long> offsets = new java.util.TreeMap<>();
			kafka.listOffsets(ends).all().get().forEach((partition, info) -> offsets.put(partition.toString(), info.offset()));
			return new StoredState(rows, offsets);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("Could not read Kafka's end offsets", ex);
		}
	}

	/** What changed since {@code before}: "table: 3 -> 4", "topic-0: 10 -> 11". */
	List<String> changesSince(StoredState before) {
		List<String> changes = new java.util.ArrayList<>();
		this.rows.forEach((table, count) -> {
			if (!count.equals(before.rows.get(table))) {
				changes.add(table + ": " + before.rows.get(table) + " -> " + count);
			}
		});
		this.offsets.forEach((partition, end) -> {
			if (!end.equals(before.offsets.getOrDefault(partition, 0L))) {
				changes.add(partition + ": " + before.offsets.get(partition) + " -> " + end);
			}
		});
		return changes;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
