package dev.colink.files.file;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.colink.platform.internal.InternalSignatures;
import dev.colink.platform.internal.SignedBodies;

/**
 * {@code POST /files/{id}/scan-result}: the scanner's verdict. No user calls it and the gateway routes no path to
 * it: the request must carry the scanner's signature ({@link InternalSignatures}) over exactly these bytes.
 */
@RestController
class ScanResultController {

	private final Files files;

	private final SignedBodies signedBodies;

	ScanResultController(Files files, SignedBodies signedBodies) {
		this.files = files;
		this.signedBodies = signedBodies;
	}

	@PostMapping("/files/{id}/scan-result")
	void scanResult(@PathVariable String id, @RequestBody byte[] body,
			@RequestHeader(name = InternalSignatures.HEADER, required = false) String signature) {
		ScanVerdict.ScanResult result = this.signedBodies.read("/files/" + id + "/scan-result", body, signature,
				ScanVerdict.ScanResult.class);
		this.files.recordVerdict(FileRules.id(id).orElseThrow(() -> Files.notFound(id)), ScanVerdict.of(result));
	}

}
