package dev.colink.platform.problems;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.colink.platform.http.NulFreeStrings;

/**
 * Problem bodies (RFC 9457) for what Spring MVC refuses before a controller runs, in every servlet service. Boot's
 * own problem details answer a body that fails validation or does not parse with a bare "Invalid request content." /
 * "Failed to read request"; the API promises the field named, so those are answered here with
 * {@code code: invalid_request}, the fields in {@code detail}, the first in {@code field} and all in
 * {@code errors: [{field, message}]} (one per request field, in the order the request record declares them). Every problem names its {@code type}. A feature refuses a request by
 * throwing an {@link ApiProblemException} (status, code, field), answered here in the same shape.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

	@ExceptionHandler(ApiProblemException.class)
	ResponseEntity<Object> handleApiProblem(ApiProblemException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), (ex.field() != null)
				? ex.field() + ": " + ex.getMessage() : ex.getMessage());
		problem.setTitle((ex.status() == HttpStatus.BAD_REQUEST) ? "Invalid request" : ex.status().getReasonPhrase());
		problem.setProperty("code", ex.code());
		if (ex.field() != null) {
			problem.setProperty("field", ex.field());
			problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
		}
		return handleExceptionInternal(ex, problem, new HttpHeaders(), ex.status(), request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> order = componentOrder(ex.getBindingResult().getTarget());
		Set<String> named = new HashSet<>();
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.sorted(Comparator.comparingInt((FieldError error) -> rank(order, topField(error)))
				.thenComparing(FieldError::getField))
			.map((error) -> Map.of("field", topField(error), "message", String.valueOf(error.getDefaultMessage())))
			.filter((error) -> named.add(error.get("field"))) // one error per field (an email can break two rules)
			.toList();
		return badRequest(ex, errors, headers, request);
	}

	/** The request's fields in the order its record declares them, which is the order clients write them. */
	private static List<String> componentOrder(Object target) {
		if (target == null || !target.getClass().isRecord()) {
			return List.of();
		}
		return Arrays.stream(target.getClass().getRecordComponents()).map(RecordComponent::getName).toList();
	}

	private static int rank(List<String> order, String field) {
		int index = order.indexOf(field);
		return (index < 0) ? Integer.MAX_VALUE : index;
	}

	/** The request field an error is about: {@code roles[1]} is about {@code roles}. */
	private static String topField(FieldError error) {
		String field = error.getField();
		int end = field.length();
		for (char stop : new char[] { '[', '.' }) {
			int at = field.indexOf(stop);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		return field.substring(0, end);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = fieldOf(ex);
		if (field == null) {
			String detail = (ex.getCause() == null && String.valueOf(ex.getMessage()).startsWith("Required request body"))
					? "The request body is missing." : "The request body is not valid JSON.";
			return handleExceptionInternal(ex, problem(detail, List.of()), headers, HttpStatus.BAD_REQUEST, request);
		}
		String message = hasCause(ex, NulFreeStrings.NulInText.class) ? "must not contain NUL (U+0000)"
				: "has a value of the wrong type";
		return badRequest(ex, List.of(Map.of("field", field, "message", message)), headers, request);
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		return badRequest(ex, List.of(Map.of("field", field, "message", "has a value of the wrong type")), headers,
				request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return badRequest(ex, List.of(Map.of("field", ex.getParameterName(), "message", "is required")), headers,
				request);
	}

	private ResponseEntity<Object> badRequest(Exception ex, List<Map<String, String>> errors, HttpHeaders headers,
			WebRequest request) {
		String detail = errors.stream()
			.map((error) -> error.get("field") + ": " + error.get("message"))
			.collect(Collectors.joining("; "));
		return handleExceptionInternal(ex, problem(detail, errors), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	/** Every problem written here names its {@code type} and its {@code code}, as the API's conventions list them. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			if (problem.getType() == null) {
				problem.setType(URI.create("about:blank"));
			}
			// Spring's own refusals (415, 405, 406...) get a code too, the status's name: clients switch on code.
			HttpStatus known = HttpStatus.resolve(statusCode.value());
			if (known != null && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
				problem.setProperty("code", known.name().toLowerCase(Locale.ROOT));
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail problem(String detail, List<Map<String, String>> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid request");
		problem.setProperty("code", "invalid_request");
		if (!errors.isEmpty()) {
			problem.setProperty("field", errors.get(0).get("field"));
			problem.setProperty("errors", errors);
		}
		return problem;
	}

	/** The JSON path of the value Jackson could not bind, e.g. {@code method} or {@code items[2].name}. */
	private static String fieldOf(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
				StringBuilder path = new StringBuilder();
				for (JacksonException.Reference reference : jackson.getPath()) {
					if (reference.getPropertyName() != null) {
						path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
					}
					else if (reference.getIndex() >= 0) {
						path.append('[').append(reference.getIndex()).append(']');
					}
				}
				return path.isEmpty() ? null : path.toString();
			}
		}
		return null;
	}

}
