package dev.colink.files.file;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code files}.
 *
 * @param objectKey where the client uploads (the presigned PUT's key)
 * @param storedKey the copy made at confirm time, which is scanned and served; null before
 */
record StoredFile(UUID id, UUID uploadedBy, String filename, long size, String mimeType, String objectKey,
		String storedKey, FileStatus status, String signature, String scanFailure, Instant createdAt,
		Instant confirmedAt, Instant scannedAt) {

	boolean isUploadedBy(UUID user) {
		return this.uploadedBy.equals(user);
	}

}
