package dev.colink.authproxy.users;

import java.util.List;

/** One page of the directory; {@code nextCursor} is null on the last page. */
public record UserPage(List<UserProfile> data, String nextCursor) {
}
