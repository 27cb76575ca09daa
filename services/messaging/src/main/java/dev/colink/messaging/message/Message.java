package dev.colink.messaging.message;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A message as the API shows it: in a channel or a DM ({@code channelId} or {@code dmId}), perhaps a reply in a
 * thread, perhaps with files; {@code replyCount} when it is the parent of a thread, {@code editedAt} once edited.
 */
public record Message(String id, @JsonInclude(Include.NON_NULL) String channelId,
		@JsonInclude(Include.NON_NULL) String dmId, @JsonInclude(Include.NON_NULL) String threadId, String senderId,
		String text, List<String> fileIds, Instant createdAt, @JsonInclude(Include.NON_NULL) Instant editedAt,
		@JsonInclude(Include.NON_NULL) Integer replyCount, boolean isDeleted) {
}
