package dev.colink.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code typing.started} and {@code typing.stopped}: a user began typing in a channel or DM, or stopped (5 s
 * without a new typing signal). Keyed by the channel or DM.
 *
 * @param userId         who types
 * @param channelId      the channel, or null in a DM
 * @param dmId           the direct conversation, or null in a channel
 * @param participantIds the DM's users, or null in a channel
 * @param at             when
 */
public record Typing(String userId, String channelId, String dmId, List<String> participantIds, Instant at) {
}
