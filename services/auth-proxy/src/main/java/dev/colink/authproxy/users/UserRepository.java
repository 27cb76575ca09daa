package dev.colink.authproxy.users;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The Postgres mirror of Keycloak users ({@code users}; id = token subject). */
@Repository
class UserRepository {

	private static final String COLUMNS = "id, username, display_name, email, status";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<UserProfile> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from users where id = :id")
			.param("id", id)
			.query(UserProfile.class)
			.optional();
	}

	boolean exists(UUID id) {
		return this.jdbc.sql("select exists (select 1 from users where id = :id)")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	/** Mirrors a user that has no row yet; a row that appeared meanwhile (or holds the username) stays as it is. */
	void insertIfAbsent(UUID id, String username, String email, String displayName) {
		this.jdbc.sql("""
				insert into users (id, username, email, display_name)
				values (:id, :username, :email, :displayName)
				on conflict do nothing
				""")
			.param("id", id)
			.param("username", username)
			.param("email", email)
			.param("displayName", displayName)
			.update();
	}

	/**
	 * Users ordered by lowercase username (unique), after {@code afterUsername} when given, whose username or
	 * display name contains {@code query} (lowercase) when given. The match is the expression of the trigram index
	 * {@code users_directory_search}, so Postgres can answer it from that index.
	 */
	List<UserProfile> search(String query, String afterUsername, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from users where true");
		if (query != null) {
			sql.append(" and (lower(username) || ' ' || lower(display_name)) like :pattern escape '\\'");
		}
		if (afterUsername != null) {
			sql.append(" and lower(username) > :after");
		}
		sql.append(" order by lower(username) limit :limit");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString()).param("limit", limit);
		if (query != null) {
			statement = statement.param("pattern", "%" + escapeLike(query) + "%");
		}
		if (afterUsername != null) {
			statement = statement.param("after", afterUsername);
		}
		return statement.query(UserProfile.class).list();
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
