package dev.colink.avscanner.scan;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.platform.internal.InternalSignatures;
import dev.colink.platform.problems.ApiProblemException;

/**
 * {@code POST /scan {fileId, objectKey}}: answers 202 and scans in the background, then calls files back. Only
 * files asks (the request is signed); 503 while the queue is full.
 */
@RestController
class ScanController {

	private final ScanJobs jobs;

	private final InternalSignatures signatures;

	private final JsonMapper json;

	ScanController(ScanJobs jobs, InternalSignatures signatures, JsonMapper json) {
		this.jobs = jobs;
		this.signatures = signatures;
		this.json = json;
	}

	@PostMapping("/scan")
	ResponseEntity<Void> scan(@RequestBody byte[] body,
			@RequestHeader(name = InternalSignatures.HEADER, required = false) String signature) {
		if (!this.signatures.verify("POST", "/scan", body, signature)) {
			throw new ApiProblemException(HttpStatus.UNAUTHORIZED, "invalid_signature", null,
					"Only the files service asks for scans, signed");
		}
		ScanRequest request;
		try {
			request = this.json.readValue(body, ScanRequest.class);
		}
		catch (JacksonException ex) {
			throw ApiProblemException.invalid("body", "is not a scan request: " + ex.getOriginalMessage());
		}
		if (request.fileId() == null || request.fileId().isBlank()) {
			throw ApiProblemException.invalid("fileId", "is required");
		}
		if (request.objectKey() == null || request.objectKey().isBlank()) {
			throw ApiProblemException.invalid("objectKey", "is required");
		}
		if (!this.jobs.submit(request.fileId(), request.objectKey())) {
			throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "scanner_busy", null,
					"Too many scans are waiting; ask again later");
		}
		return ResponseEntity.accepted().build();
	}

	record ScanRequest(String fileId, String objectKey) {
	}

}
