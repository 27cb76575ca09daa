package dev.colink.admin.users;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import org.springframework.stereotype.Component;

import dev.colink.platform.problems.ApiProblemException;

/** The Keycloak side of user administration, through the Keycloak Admin Client. */
@Component
class KeycloakUsers {

	/** Keycloak asks for this at the first sign-in, so every user enrolls a second factor before getting tokens. */
	static final String CONFIGURE_TOTP = "CONFIGURE_TOTP";

	private final RealmResource realm;

	KeycloakUsers(RealmResource realm) {
		this.realm = realm;
	}

	/**
	 * Creates an enabled user with a verified email and its password in one call (a password the realm refuses
	 * leaves no user behind), and returns its id, the future token subject.
	 * @throws ApiProblemException {@code user_exists} when the username or the email is taken
	 */
	String create(NewUser user) {
		UserRepresentation account = new UserRepresentation();
		account.setUsername(user.username());
		account.setEmail(user.email());
		account.setEmailVerified(true);
		DisplayNames.Split name = DisplayNames.split(user.displayName());
		account.setFirstName(name.firstName());
		account.setLastName(name.lastName());
		account.setEnabled(true);
		account.setRequiredActions(List.of(CONFIGURE_TOTP));
		CredentialRepresentation password = new CredentialRepresentation();
		password.setType(CredentialRepresentation.PASSWORD);
		password.setValue(user.password());
		password.setTemporary(false);
		account.setCredentials(List.of(password));
		try (Response response = this.realm.users().create(account)) {
			switch (response.getStatus()) {
				case 201 -> {
					return CreatedResponseUtil.getCreatedId(response);
				}
				case 409 -> throw ApiProblemException.conflict("user_exists", errorMessage(response));
				case 400 -> throw ApiProblemException.invalid("user", errorMessage(response));
				default -> throw new IllegalStateException(
						"Keycloak refused to create the user: " + response.getStatus() + " " + errorMessage(response));
			}
		}
	}

	/**
	 * Maps realm roles to the user directly (the realm's default roles also give {@code colink-user}). The roles
	 * come from the user's available role mappings: the service account may map roles but not read the realm's
	 * role list ({@code GET /roles/{name}} needs view-realm).
	 */
	void assignRealmRoles(String id, Collection<String> roleNames) {
		RoleScopeResource realmRoles = this.realm.users().get(id).roles().realmLevel();
		List<RoleRepresentation> roles = realmRoles.listAvailable()
			.stream()
			.filter((role) -> roleNames.contains(role.getName()))
			.toList();
		if (!roles.isEmpty()) {
			realmRoles.add(roles);
		}
	}

	/** The Colink roles the user has, directly or through the default roles, in {@link ManagedUser#ROLES} order. */
	List<String> colinkRoles(String id) {
		List<String> effective = this.realm.users()
			.get(id)
			.roles()
			.realmLevel()
			.listEffective()
			.stream()
			.map(RoleRepresentation::getName)
			.toList();
		return ManagedUser.ROLES.stream().filter(effective::contains).toList();
	}

	Optional<UserRepresentation> find(String id) {
		try {
			return Optional.of(this.realm.users().get(id).toRepresentation());
		}
		catch (NotFoundException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Disables the user (no more sign-ins, token refreshes refused) and ends all their sessions, so their refresh
	 * tokens die now and their access tokens at expiry.
	 */
	void deactivate(UserRepresentation account) {
		account.setEnabled(false);
		this.realm.users().get(account.getId()).update(account);
		this.realm.users().get(account.getId()).logout();
	}

	/** Removes the user; one that is already gone is fine. */
	void delete(String id) {
		try (Response response = this.realm.users().delete(id)) {
			if (response.getStatus() != 204 && response.getStatus() != 404) {
				throw new IllegalStateException("Keycloak refused to delete user " + id + ": " + response.getStatus());
			}
		}
	}

	private static String errorMessage(Response response) {
		try {
			Map<?, ?> body = response.readEntity(Map.class);
			Object message = body.get("errorMessage");
			return (message != null) ? message.toString() : body.toString();
		}
		catch (RuntimeException ex) {
			return "HTTP " + response.getStatus();
		}
	}

}
