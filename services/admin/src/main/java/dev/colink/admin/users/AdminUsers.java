package dev.colink.admin.users;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.admin.audit.AuditLogs;
import dev.colink.platform.Ids;
import dev.colink.platform.problems.ApiProblemException;

/**
 * Users created and deactivated by an administrator: Keycloak holds the account, Postgres its mirror. Keycloak
 * is written first (it decides whether the username and email are free); when the mirror cannot follow, the
 * Keycloak user is removed again, so a failed request leaves nothing half-written.
 */
@Service
public class AdminUsers {

	private static final Logger log = LoggerFactory.getLogger(AdminUsers.class);

	static final String USER_CREATE = "user.create";

	static final String USER_DEACTIVATE = "user.deactivate";

	private final KeycloakUsers keycloak;

	private final UserRepository users;

	private final AuditLogs audit;

	private final TransactionTemplate transaction;

	AdminUsers(KeycloakUsers keycloak, UserRepository users, AuditLogs audit, TransactionTemplate transaction) {
		this.keycloak = keycloak;
		this.users = users;
		this.audit = audit;
		this.transaction = transaction;
	}

	/**
	 * Creates the user (the request is already validated); it enrolls TOTP at its first sign-in. The mirror row and
	 * the audit row commit together.
	 * @param actorId the administrator
	 */
	public ManagedUser create(NewUser request, String actorId) {
		String displayName = request.displayName().strip();
		String id = this.keycloak.create(request);
		try {
			List<String> roles = request.rolesOrDefault();
			this.keycloak.assignRealmRoles(id, roles);
			UserRepository.UserRow row = this.transaction.execute((status) -> {
				UserRepository.UserRow inserted = this.users.insert(UUID.fromString(id), request.username(),
						request.email(), displayName);
				this.audit.append(UUID.fromString(actorId), USER_CREATE, id,
						Map.of("username", request.username(), "roles", roles));
				return inserted;
			});
			return profile(row, this.keycloak.colinkRoles(id));
		}
		catch (RuntimeException ex) {
			undoCreate(id, ex);
			if (ex instanceof DuplicateKeyException) {
				throw ApiProblemException.conflict("user_exists", "User exists with same username");
			}
			throw ex;
		}
	}

	/**
	 * Disables the user in Keycloak, ends their sessions and marks the mirror deactivated. Repeating it changes
	 * nothing.
	 * @param actorId the administrator's id: they cannot deactivate themselves
	 */
	public ManagedUser deactivate(String id, String actorId) {
		UUID userId = Ids.uuid(id).orElseThrow(() -> unknownUser(id));
		if (userId.toString().equals(actorId)) {
			throw ApiProblemException.invalid("cannot_deactivate_self", "id",
					"an administrator cannot deactivate themselves");
		}
		UserRepresentation account = this.keycloak.find(userId.toString())
			.orElseThrow(() -> unknownUser(id));
		this.keycloak.deactivate(account);
		UserRepository.UserRow row = this.transaction.execute((status) -> {
			UserRepository.UserRow deactivated = this.users.markDeactivated(userId, account.getUsername(),
					account.getEmail(), DisplayNames.join(account.getFirstName(), account.getLastName()));
			this.audit.append(UUID.fromString(actorId), USER_DEACTIVATE, userId.toString(),
					Map.of("username", account.getUsername()));
			return deactivated;
		});
		return profile(row, this.keycloak.colinkRoles(userId.toString()));
	}

	private void undoCreate(String id, RuntimeException cause) {
		try {
			this.keycloak.delete(id);
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
			log.error("User {} was created in Keycloak but could not be mirrored nor removed again", id, ex);
		}
	}

	private static ManagedUser profile(UserRepository.UserRow row, List<String> roles) {
		return new ManagedUser(row.id().toString(), row.username(), row.displayName(), row.email(), row.status(),
				roles);
	}


	private static ApiProblemException unknownUser(String id) {
		return ApiProblemException.notFound("user_not_found", "No user " + id);
	}

}
