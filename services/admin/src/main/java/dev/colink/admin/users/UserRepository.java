package dev.colink.admin.users;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The Postgres mirror of Keycloak users ({@code users}; id = Keycloak id), as far as administration writes it. */
@Repository
class UserRepository {

	/** A row of {@code users}. */
	record UserRow(UUID id, String username, String email, String displayName, String status) {
	}

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Mirrors a user just created in Keycloak.
	 * @throws org.springframework.dao.DuplicateKeyException when the id or the username is already mirrored
	 */
	UserRow insert(UUID id, String username, String email, String displayName) {
		return this.jdbc.sql("""
				insert into users (id, username, email, display_name, status)
				values (:id, :username, :email, :displayName, 'active')
				returning id, username, email, display_name, status
				""")
			.param("id", id)
			.param("username", username)
			.param("email", email)
			.param("displayName", displayName)
			.query(UserRow.class)
			.single();
	}

	/** Marks the user deactivated, mirroring it first if it never signed in (no row yet). */
	UserRow markDeactivated(UUID id, String username, String email, String displayName) {
		return this.jdbc.sql("""
				insert into users (id, username, email, display_name, status)
				values (:id, :username, :email, :displayName, 'deactivated')
				on conflict (id) do update set status = 'deactivated', updated_at = now()
				returning id, username, email, display_name, status
				""")
			.param("id", id)
			.param("username", username)
			.param("email", email)
			.param("displayName", displayName)
			.query(UserRow.class)
			.single();
	}

}
