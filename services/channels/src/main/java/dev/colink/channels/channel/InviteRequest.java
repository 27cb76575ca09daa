package dev.colink.channels.channel;

/** {@code POST /v1/channels/{id}/members}: the user to add. */
public record InviteRequest(String userId) {
}
