package dev.colink.files.file;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A file as the API shows it. {@code downloadUrl} (valid {@code downloadExpiresIn} seconds) is there only when the
 * file is {@code scanned} and the caller may read it; {@code signature} only for the uploader of an infected file.
 */
public record FileView(String id, String filename, long size, String mimeType, String status, String uploadedBy,
		Instant createdAt, @JsonInclude(Include.NON_NULL) Instant scannedAt,
		@JsonInclude(Include.NON_NULL) String signature, @JsonInclude(Include.NON_NULL) String downloadUrl,
		@JsonInclude(Include.NON_NULL) Long downloadExpiresIn) {
}
