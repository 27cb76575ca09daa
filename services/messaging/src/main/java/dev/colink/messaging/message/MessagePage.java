package dev.colink.messaging.message;

import java.util.List;

/** One page of history, newest first; {@code nextCursor} fetches the older page, null at the beginning. */
public record MessagePage(List<Message> data, String nextCursor) {
}
