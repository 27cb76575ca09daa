package dev.colink.files.objectstore;

/** What the object store holds under a key, as a HEAD request sees it. */
public record StoredObject(String key, long size, String contentType) {
}
