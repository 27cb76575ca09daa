package dev.colink.objectstore;

import java.net.URI;
import java.time.Duration;

/** A URL that lets its holder do one kind of request (PUT or GET) on one object until it expires. */
public record PresignedUrl(URI url, Duration expiresIn) {
}
