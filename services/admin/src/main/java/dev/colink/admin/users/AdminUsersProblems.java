package dev.colink.admin.users;

import java.net.URI;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problem+json answers of user administration, each with a stable {@code code}. A 400 names the field at
 * fault in {@code detail} ({@code "username: must be ..."}), in {@code field} (the first one, in the order of the
 * request's fields) and in {@code errors: [{field, message}]}. Ahead of Spring Boot's generic problem handler, for
 * this package's controllers only.
 */
@RestControllerAdvice(basePackageClasses = AdminUsersProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminUsersProblems {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalidFields(MethodArgumentNotValidException ex) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.sorted(Comparator.comparingInt(AdminUsersProblems::fieldOrder))
			.map((error) -> Map.of("field", topField(error), "message", String.valueOf(error.getDefaultMessage())))
			.filter(firstPerField())
			.toList();
		return invalid("invalid_request", errors);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		if (ex.getMostSpecificCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()
				&& jackson.getPath().get(0).getPropertyName() != null) {
			String field = jackson.getPath().get(0).getPropertyName();
			return invalid("invalid_request", List.of(Map.of("field", field, "message", "has a value of the wrong type")));
		}
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", "invalid_request",
				"The request body is missing or not valid JSON.");
	}

	@ExceptionHandler(InvalidFieldException.class)
	ProblemDetail invalidField(InvalidFieldException ex) {
		return invalid(ex.code(), List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
	}

	@ExceptionHandler(UserExistsException.class)
	ProblemDetail userExists(UserExistsException ex) {
		return problem(HttpStatus.CONFLICT, "User exists", "user_exists", ex.getMessage());
	}

	@ExceptionHandler(UnknownUserException.class)
	ProblemDetail unknownUser(UnknownUserException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown user", "user_not_found", ex.getMessage());
	}

	private static ProblemDetail invalid(String code, List<Map<String, String>> errors) {
		Map<String, String> first = errors.get(0);
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", code,
				first.get("field") + ": " + first.get("message"));
		problem.setProperty("field", first.get("field"));
		problem.setProperty("errors", errors);
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String title, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ABOUT_BLANK); // Spring 7 leaves the type out unless set; the API lists it in every error
		problem.setTitle(title);
		problem.setProperty("code", code);
		return problem;
	}

	/** One error per field (an email can break two rules with the same message). */
	private static Predicate<Map<String, String>> firstPerField() {
		Set<String> seen = new HashSet<>();
		return (error) -> seen.add(error.get("field"));
	}

	/** {@code roles[1]} is the field {@code roles}. */
	private static String topField(FieldError error) {
		String field = error.getField();
		int bracket = field.indexOf('[');
		return (bracket < 0) ? field : field.substring(0, bracket);
	}

	private static int fieldOrder(FieldError error) {
		int index = NewUser.FIELDS.indexOf(topField(error));
		return (index < 0) ? Integer.MAX_VALUE : index;
	}

}
