package dev.colink.authproxy.users;

/** No user has this id. */
class UnknownUserException extends RuntimeException {

	UnknownUserException(String id) {
		super("No user " + id);
	}

}
