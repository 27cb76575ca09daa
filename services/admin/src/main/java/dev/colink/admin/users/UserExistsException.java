package dev.colink.admin.users;

/** The username or email of a new user is already taken (in Keycloak or in the mirror). */
class UserExistsException extends RuntimeException {

	UserExistsException(String message) {
		super(message);
	}

}
