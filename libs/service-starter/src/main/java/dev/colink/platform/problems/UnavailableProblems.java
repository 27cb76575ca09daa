package dev.colink.platform.problems;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A server the service needs could not serve the request in time: no database connection within the pool's wait,
 * Redis unreachable or slow, a query timeout. That is {@code 503 unavailable} with {@code Retry-After}, as for an
 * overloaded request queue ({@code RequestLimit}), never a 500: nothing was written, and the client may retry
 * (with its idempotency key).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnavailableProblems {

	private static final Logger log = LoggerFactory.getLogger(UnavailableProblems.class);

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		return answer(ex);
	}

	/** The 503 for a failure of a server the service needs (also for those this starter does not know of). */
	public static ResponseEntity<ProblemDetail> answer(RuntimeException ex) {
		log.warn("Answered 503: {}", ex.toString());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The service is overloaded or a server it needs is unreachable; retry in a moment");
		problem.setType(URI.create("about:blank"));
		problem.setTitle(HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
		problem.setProperty("code", "unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", "1")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
