package dev.colink.authproxy;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.colink.authproxy.login.KeycloakUnavailableException;

/** Keycloak being unreachable is a 503 with {@code Retry-After}, from any of the proxy's calls. */
@RestControllerAdvice
class KeycloakUnavailableProblems {

	private static final Log logger = LogFactory.getLog(KeycloakUnavailableProblems.class);

	@ExceptionHandler(KeycloakUnavailableException.class)
	ResponseEntity<ProblemDetail> keycloakUnavailable(KeycloakUnavailableException ex) {
		logger.warn(ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The identity provider is unavailable; try again shortly.");
		problem.setType(URI.create("about:blank"));
		problem.setTitle("Identity provider unavailable");
		problem.setProperty("code", "keycloak_unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

}
