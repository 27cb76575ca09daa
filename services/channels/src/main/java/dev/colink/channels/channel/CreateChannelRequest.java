package dev.colink.channels.channel;

/**
 * {@code POST /v1/channels}. Only {@code name} is required: the display name defaults to the name, a channel is
 * public unless {@code isPrivate}, and without an idempotency key a repeated request creates nothing twice only
 * because the name is then taken. The checks are in {@link ChannelRules}.
 */
public record CreateChannelRequest(String name, String displayName, Boolean isPrivate, String idempotencyKey) {
}
