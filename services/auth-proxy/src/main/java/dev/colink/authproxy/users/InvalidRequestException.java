package dev.colink.authproxy.users;

/** A request the rules refuse: the parameter at fault and what is wrong with it (the detail says both). */
class InvalidRequestException extends RuntimeException {

	private final String field;

	private final String code;

	InvalidRequestException(String field, String code, String message) {
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
