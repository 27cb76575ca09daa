package dev.colink.platform.problems;

import org.springframework.http.HttpStatus;

/**
 * A refusal a feature decides on, answered by {@link ApiProblems} as a problem body: the status, the stable
 * {@code code} clients switch on, the human {@code detail}, and for bad input the {@code field} at fault. A feature
 * throws one of the factories' results instead of writing its own exception handler.
 */
public class ApiProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String field;

	public ApiProblemException(HttpStatus status, String code, String field, String detail) {
		super(detail);
		this.status = status;
		this.code = code;
		this.field = field;
	}

	/** {@code 400 invalid_request}: the field named, with what is wrong with it. */
	public static ApiProblemException invalid(String field, String message) {
		return invalid("invalid_request", field, message);
	}

	/** {@code 400} with a more specific code than {@code invalid_request}, e.g. {@code file_too_large}. */
	public static ApiProblemException invalid(String code, String field, String message) {
		return new ApiProblemException(HttpStatus.BAD_REQUEST, code, field, message);
	}

	public static ApiProblemException forbidden(String code, String detail) {
		return new ApiProblemException(HttpStatus.FORBIDDEN, code, null, detail);
	}

	public static ApiProblemException notFound(String code, String detail) {
		return new ApiProblemException(HttpStatus.NOT_FOUND, code, null, detail);
	}

	public static ApiProblemException conflict(String code, String detail) {
		return new ApiProblemException(HttpStatus.CONFLICT, code, null, detail);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	/** The request field at fault, or null when the refusal is not about one field. */
	public String field() {
		return this.field;
	}

}
