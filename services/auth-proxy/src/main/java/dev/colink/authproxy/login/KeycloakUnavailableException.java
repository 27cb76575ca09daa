package dev.colink.authproxy.login;

/** Keycloak could not be reached or answered that it is not available (answered as {@code 503}). */
public class KeycloakUnavailableException extends RuntimeException {

	public KeycloakUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
