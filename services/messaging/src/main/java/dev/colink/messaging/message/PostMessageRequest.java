package dev.colink.messaging.message;

import java.util.List;

/**
 * {@code POST /v1/messages}: a DM ({@code recipientId}) or a channel post ({@code channelId}), never both.
 * The checks are in {@link MessageRules}.
 */
public record PostMessageRequest(String recipientId, String channelId, String text, String idempotencyKey,
		List<String> fileIds) {
}
