package dev.colink.admin.users;

/** A request the rules refuse, naming the field at fault. */
class InvalidFieldException extends RuntimeException {

	private final String field;

	private final String code;

	InvalidFieldException(String field, String message) {
		this(field, message, "invalid_request");
	}

	InvalidFieldException(String field, String message, String code) {
		super(message);
		this.field = field;
		this.code = code;
	}

	String field() {
		return this.field;
	}

	String code() {
		return this.code;
	}

}
