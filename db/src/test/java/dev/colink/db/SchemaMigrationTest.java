package dev.colink.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole migration history applied to a clean database of the real PostgreSQL server. */
class SchemaMigrationTest {

	private static final String URL = env("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink");

	private static final String USER = env("COLINK_DB_USER", "colink");

	private static final String PASSWORD = env("COLINK_DB_PASSWORD", "colink");

	private final String scratch = "colink_migration_test_" + UUID.randomUUID().toString().substring(0, 8);

	private String scratchUrl;

	@BeforeEach
	void createCleanDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + this.scratch);
		}
		this.scratchUrl = URL.substring(0, URL.lastIndexOf('/') + 1) + this.scratch;
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + this.scratch + " with (force)");
		}
	}

	@Test
	void migratesACleanDatabaseOnceAndThenHasNothingLeftToDo() throws SQLException {
		Flyway flyway = Flyway.configure().dataSource(this.scratchUrl, USER, PASSWORD).load();

		MigrateResult first = flyway.migrate();
		MigrateResult second = flyway.migrate();

		assertThat(first.success).isTrue();
		assertThat(first.migrationsExecuted).isPositive();
		assertThat(second.migrationsExecuted).isZero();
		assertThat(tables()).contains("users", "sessions", "blocks", "channels", "channel_members",
				"direct_conversations", "messages", "message_files", "files", "reactions", "threads", "audit_logs",
				"idempotency_keys", "outbox", "processed_events");
		assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
	}

	@Test
	void theSchemaRefusesAMessageInBothAChannelAndADirectConversation() throws SQLException {
		Flyway.configure().dataSource(this.scratchUrl, USER, PASSWORD).load().migrate();
		try (Connection connection = DriverManager.getConnection(this.scratchUrl, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			UUID alice = UUID.randomUUID();
			UUID channel = UUID.randomUUID();
			UUID dm = UUID.randomUUID();
			statement.execute("insert into users (id, username, display_name) values ('%s', 'alice-%s', 'Alice')"
				.formatted(alice, alice));
			statement.execute("insert into channels (id, name, display_name, is_private, created_by) "
					+ "values ('%s', 'general-%s', 'General', false, '%s')".formatted(channel, channel.toString().substring(0, 8), alice));
			statement.execute("insert into direct_conversations (id, user_a, user_b) values ('%s', '%s', '%s')"
				.formatted(dm, alice, alice));

			assertThatThrownBy(() -> statement.execute(
					"insert into messages (id, channel_id, dm_id, sender_id, text, created_at) values ('%s', '%s', '%s', '%s', 'hi', now())"
						.formatted(UUID.randomUUID(), channel, dm, alice)))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("check");
			assertThatThrownBy(() -> statement.execute(
					"insert into channels (id, name, display_name, is_private, created_by) values ('%s', 'Not Valid', 'x', false, '%s')"
						.formatted(UUID.randomUUID(), alice)))
				.isInstanceOf(SQLException.class);
		}
	}

	private List<String> tables() throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(this.scratchUrl, USER, PASSWORD);
				ResultSet rs = connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
			while (rs.next()) {
				tables.add(rs.getString("TABLE_NAME"));
			}
		}
		return tables;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
