package dev.colink.channels.channel;

import java.util.List;

/** One page of channels by name; {@code nextCursor} is null on the last page. */
public record ChannelPage(List<Channel> data, String nextCursor) {
}
