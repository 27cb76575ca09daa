package dev.colink.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * A deactivated user's access token is refused (401) by every service that has the database, not only once it
 * expires: the users table's {@code status} is read per user at most once every {@link #FRESHNESS}, so a deactivation
 * takes effect everywhere within that long. A user without a row yet (before their first sign-in is mirrored) is
 * not deactivated. If the database cannot be read, the token is refused with the rest of the request's work.
 */
final class DeactivatedUsers {

	static final Duration FRESHNESS = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final Cache<String, Boolean> deactivated = Caffeine.newBuilder()
		.expireAfterWrite(FRESHNESS)
		.maximumSize(100_000)
		.build();

	DeactivatedUsers(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	boolean isDeactivated(String userId) {
		return this.deactivated.get(userId, this::lookUp);
	}

	JwtDecoder refusing(JwtDecoder decoder) {
		return (token) -> check(decoder.decode(token));
	}

	ReactiveJwtDecoder refusing(ReactiveJwtDecoder decoder) {
		return (token) -> decoder.decode(token)
			.flatMap((jwt) -> Mono.fromCallable(() -> check(jwt)).subscribeOn(Schedulers.boundedElastic()));
	}

	private Jwt check(Jwt jwt) {
		if (jwt.getSubject() != null && isDeactivated(jwt.getSubject())) {
			throw new BadJwtException("The account is deactivated");
		}
		return jwt;
	}

	private boolean lookUp(String userId) {
		UUID id;
		try {
			id = UUID.fromString(userId);
		}
		catch (IllegalArgumentException ex) {
			return false; // not one of ours: the other checks decide
		}
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement query = connection.prepareStatement("select status from users where id = ?")) {
			query.setObject(1, id);
			try (ResultSet row = query.executeQuery()) {
				return row.next() && !"active".equals(row.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the status of user " + userId, ex);
		}
	}

}
