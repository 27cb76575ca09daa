package dev.colink.files.file;

/** Where to PUT the file's bytes, for how many seconds, and the id to confirm the upload under. */
public record UploadUrl(String presignedUrl, String fileId, long expiresIn) {
}
