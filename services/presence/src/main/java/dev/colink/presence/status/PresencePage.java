package dev.colink.presence.status;

import java.util.List;

/** {@code GET /v1/presence?userIds=}: each asked user once, in the order asked. */
record PresencePage(List<Presence> data) {
}
