package dev.colink.channels.channel;

import java.util.List;

/** One page of a channel's members by username; {@code nextCursor} is null on the last page. */
public record MemberPage(List<Member> data, String nextCursor) {
}
