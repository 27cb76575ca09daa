package dev.colink.authproxy.login;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.colink.events.EventType;
import dev.colink.events.UserLoggedIn;
import dev.colink.platform.outbox.Outbox;

/**
 * Records a completed sign-in: the user's mirror row (created on first sign-in, kept in step with Keycloak's
 * profile after), the session row, and {@code user.logged_in} through the outbox, in one transaction.
 */
@Component
class UserSessions {

	private static final String UPSERT_USER = """
			insert into users (id, username, email, display_name) values (?, ?, ?, ?)
			on conflict (id) do update set username = excluded.username, email = excluded.email,
			    display_name = excluded.display_name, updated_at = now()
			where (users.username, users.email, users.display_name)
			    is distinct from (excluded.username, excluded.email, excluded.display_name)""";

	private static final String UPSERT_SESSION = """
			insert into sessions (user_id, last_login, login_count) values (?, now(), 1)
			on conflict (user_id) do update set last_login = excluded.last_login,
			    login_count = sessions.login_count + 1
			returning last_login""";

	private final JdbcClient jdbc;

	private final Outbox outbox;

	UserSessions(JdbcClient jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
	}

	/** @return when the sign-in was recorded (the session's {@code last_login}) */
	@Transactional
	public Instant recordLogin(SignedInUser user) {
		UUID id = UUID.fromString(user.id());
		this.jdbc.sql(UPSERT_USER).params(id, user.username(), user.email(), user.displayName()).update();
		Instant loggedInAt = this.jdbc.sql(UPSERT_SESSION).param(id).query(Timestamp.class).single().toInstant();
		this.outbox.append(EventType.USER_LOGGED_IN, user.id(), user.id(),
				new UserLoggedIn(user.id(), user.username(), loggedInAt));
		return loggedInAt;
	}

}
