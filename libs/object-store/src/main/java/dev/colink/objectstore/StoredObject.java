package dev.colink.objectstore;

/** What the object store holds under a key, as a HEAD request sees it (the ETag names these exact bytes). */
public record StoredObject(String key, long size, String contentType, String etag) {
}
