package dev.colink.avscanner.scan;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.colink.platform.internal.InternalSignatures;
import dev.colink.platform.internal.SignedBodies;
import dev.colink.platform.problems.ApiProblemException;

/**
 * {@code POST /scan {fileId, objectKey}}: answers 202 and scans in the background, then calls files back. Only
 * files asks (the request is signed); 503 while the queue is full.
 */
@RestController
class ScanController {

	private final ScanJobs jobs;

	private final SignedBodies signedBodies;

	ScanController(ScanJobs jobs, SignedBodies signedBodies) {
		this.jobs = jobs;
		this.signedBodies = signedBodies;
	}

	@PostMapping("/scan")
	ResponseEntity<Void> scan(@RequestBody byte[] body,
			@RequestHeader(name = InternalSignatures.HEADER, required = false) String signature) {
		ScanRequest request = this.signedBodies.read("/scan", body, signature, ScanRequest.class);
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
