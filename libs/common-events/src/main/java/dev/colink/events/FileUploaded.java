package dev.colink.events;

import java.time.Instant;

/**
 * {@code file.uploaded}: the uploader confirmed an upload whose stored size matched the declared one; its virus
 * scan starts. Keyed by the file id.
 *
 * @param fileId      the file
 * @param uploaderId  who uploaded it
 * @param filename    its sanitised name
 * @param size        its size in bytes, as stored
 * @param mimeType    the declared (allow-listed) media type
 * @param confirmedAt when the upload was confirmed
 */
public record FileUploaded(String fileId, String uploaderId, String filename, long size, String mimeType,
		Instant confirmedAt) {
}
