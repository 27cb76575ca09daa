package dev.colink.admin.users;

import java.util.List;

/**
 * A user as the admin API answers: the profile of the Postgres mirror plus the Colink roles held in Keycloak.
 *
 * @param status {@code active} or {@code deactivated}
 */
public record ManagedUser(String id, String username, String displayName, String email, String status,
		List<String> roles) {

	static final String USER_ROLE = "colink-user";

	static final String ADMIN_ROLE = "colink-admin";

	/** The realm roles an administrator may grant. */
	static final List<String> ROLES = List.of(USER_ROLE, ADMIN_ROLE);

}
