package dev.colink.authproxy.users;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

import dev.colink.platform.Cursors;
import dev.colink.platform.problems.ApiProblemException;

/**
 * The users directory: profiles from the Postgres mirror of Keycloak users. A user's row is created by the admin
 * API or, for a user Keycloak knows but the mirror does not yet, from the claims of their first token seen here.
 */
@Service
public class Users {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private final UserRepository users;

	Users(UserRepository users) {
		this.users = users;
	}

	/** The caller's profile, mirroring them from their token's claims if they have no row yet. */
	public UserProfile me(Jwt token) {
		UUID id = UUID.fromString(token.getSubject());
		return this.users.find(id).orElseGet(() -> {
			String username = token.getClaimAsString("preferred_username");
			String name = token.getClaimAsString("name");
			this.users.insertIfAbsent(id, username, token.getClaimAsString("email"),
					(name != null && !name.isBlank()) ? name.strip() : username);
			return this.users.find(id)
				.orElseThrow(() -> new IllegalStateException("User " + id + " could not be mirrored: username "
						+ username + " belongs to another row"));
		});
	}

	public UserProfile find(String id) {
		return parse(id).flatMap(this.users::find).orElseThrow(() -> unknownUser(id));
	}

	/**
	 * One page of users whose username or display name contains {@code query} (any case), all users when it is
	 * blank, ordered by username.
	 */
	public UserPage search(String query, Integer limit, String cursor) {
		int pageSize = (limit != null) ? limit : DEFAULT_LIMIT;
		if (pageSize < 1 || pageSize > MAX_LIMIT) {
			throw ApiProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		String after = (cursor != null && !cursor.isBlank()) ? decodeCursor(cursor) : null;
		String text = (query != null && !query.isBlank()) ? query.strip().toLowerCase(Locale.ROOT) : null;
		List<UserProfile> rows = this.users.search(text, after, pageSize + 1);
		if (rows.size() <= pageSize) {
			return new UserPage(rows, null);
		}
		List<UserProfile> page = rows.subList(0, pageSize);
		return new UserPage(List.copyOf(page), encodeCursor(page.get(pageSize - 1).username()));
	}

	/** The id as a user id, if it can be one (ids are Keycloak's UUIDs; anything else is unknown). */
	static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	static ApiProblemException unknownUser(String id) {
		return ApiProblemException.notFound("user_not_found", "No user " + id);
	}

	boolean exists(UUID id) {
		return this.users.exists(id);
	}

	/** The cursor is the last username of a page (lowercase, unique), opaque to clients. */
	private static String encodeCursor(String username) {
		return Cursors.encode(username.toLowerCase(Locale.ROOT));
	}

	private static String decodeCursor(String cursor) {
		return Cursors.decode(cursor);
	}

}
