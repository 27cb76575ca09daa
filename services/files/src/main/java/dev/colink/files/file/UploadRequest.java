package dev.colink.files.file;

/**
 * {@code POST /v1/files/upload-url}: what the client is about to upload. The checks are in {@link FileRules}.
 *
 * @param filename       the file's name on the client's device; only its last path segment is kept, sanitised
 * @param size           its exact size in bytes (1 byte to just under 100 MB); the stored object must match it
 * @param mimeType       its media type, one of the allow-list
 * @param idempotencyKey the client's key for repeating the request safely, or null
 */
public record UploadRequest(String filename, Long size, String mimeType, String idempotencyKey) {
}
