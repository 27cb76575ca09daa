package dev.colink.authproxy.users;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The problem+json answers of the users directory and blocking, each with a stable {@code code}; bad input names
 * its parameter. Ahead of Spring Boot's generic problem handler, for this package's controllers only.
 */
@RestControllerAdvice(basePackageClasses = UsersProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UsersProblems {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	@ExceptionHandler(UnknownUserException.class)
	ProblemDetail unknownUser(UnknownUserException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown user", "user_not_found", ex.getMessage());
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return invalid(ex.code(), ex.field(), ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return invalid("invalid_request", ex.getName(), "has a value of the wrong type");
	}

	/** Shaped like the module's other 400s: the field in {@code detail}, {@code field} and {@code errors}. */
	private static ProblemDetail invalid(String code, String field, String message) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", code, field + ": " + message);
		problem.setProperty("field", field);
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String title, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ABOUT_BLANK); // Spring 7 leaves the type out unless set; the API lists it in every error
		problem.setTitle(title);
		problem.setProperty("code", code);
		return problem;
	}

}
