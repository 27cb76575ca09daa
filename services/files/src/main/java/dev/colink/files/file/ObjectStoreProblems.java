package dev.colink.files.file;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.colink.objectstore.ObjectStoreException;
import dev.colink.platform.problems.UnavailableProblems;

/**
 * The object store did not answer a confirm's HEAD or copy: {@code 503 unavailable}, like any server the service
 * needs, not a 500. Nothing changed (the file stays {@code pending_upload}), and confirming again later works.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ObjectStoreProblems {

	@ExceptionHandler(ObjectStoreException.class)
	ResponseEntity<ProblemDetail> unavailable(ObjectStoreException ex) {
		return UnavailableProblems.answer(ex);
	}

}
