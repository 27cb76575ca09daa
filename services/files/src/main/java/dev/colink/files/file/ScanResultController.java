package dev.colink.files.file;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.platform.internal.InternalSignatures;
import dev.colink.platform.problems.ApiProblemException;

/**
 * {@code POST /files/{id}/scan-result}: the scanner's verdict. No user calls it and the gateway routes no path to
 * it: the request must carry the scanner's signature ({@link InternalSignatures}) over exactly these bytes.
 */
@RestController
class ScanResultController {

	private final Files files;

	private final InternalSignatures signatures;

	private final JsonMapper json;

	ScanResultController(Files files, InternalSignatures signatures, JsonMapper json) {
		this.files = files;
		this.signatures = signatures;
		this.json = json;
	}

	@PostMapping("/files/{id}/scan-result")
	void scanResult(@PathVariable String id, @RequestBody byte[] body,
			@RequestHeader(name = InternalSignatures.HEADER, required = false) String signature) {
		if (!this.signatures.verify("POST", "/files/" + id + "/scan-result", body, signature)) {
			throw new ApiProblemException(HttpStatus.UNAUTHORIZED, "invalid_signature", null,
					"Only the scanner reports scan results, signed");
		}
		ScanVerdict.ScanResult result;
		try {
			result = this.json.readValue(body, ScanVerdict.ScanResult.class);
		}
		catch (JacksonException ex) {
			throw ApiProblemException.invalid("body", "is not a scan result: " + ex.getOriginalMessage());
		}
		ScanVerdict verdict = ScanVerdict.of(result);
		this.files.recordVerdict(FileRules.id(id).orElseThrow(() -> Files.notFound(id)), verdict);
	}

}
