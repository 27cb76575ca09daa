package dev.colink.objectstore;

/** The object store could not be reached or refused a request the service needed. */
public class ObjectStoreException extends RuntimeException {

	ObjectStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
