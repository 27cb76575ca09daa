package dev.colink.admin.users;

import jakarta.ws.rs.ProcessingException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.colink.platform.problems.UnavailableProblems;

/**
 * Keycloak did not answer the admin client (refused, reset, timed out): {@code 503 unavailable}, like any server the
 * service needs, not a 500. A user creation that got that far has been undone ({@link AdminUsers}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeycloakProblems {

	@ExceptionHandler(ProcessingException.class)
	ResponseEntity<ProblemDetail> unavailable(ProcessingException ex) {
		return UnavailableProblems.answer(ex);
	}

}
