package dev.colink.search.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message as the index holds it. {@code conversation} is {@code c:<channel id>} or {@code d:<dm id>}: the one
 * field the caller's membership filter looks at. A deleted message stays as a tombstone ({@code is_deleted}, no
 * text) so that an older event arriving late cannot bring it back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MessageDocument(@JsonProperty("message_id") String messageId, @JsonProperty("text") String text, @JsonProperty("conversation") String conversation,
		@JsonProperty("channel_id") String channelId, @JsonProperty("dm_id") String dmId,
		@JsonProperty("thread_id") String threadId, @JsonProperty("sender_id") String senderId,
		@JsonProperty("created_at") String createdAt, @JsonProperty("is_deleted") boolean isDeleted) {

	/** A message as it can be found. */
	static MessageDocument visible(String messageId, String text, String channelId, String dmId, String threadId,
			String senderId, String createdAt) {
		return new MessageDocument(messageId, text, conversation(channelId, dmId), channelId, dmId, threadId, senderId,
				createdAt, false);
	}

	/** A deleted or moderated message: no text, never found, and no older event brings it back. */
	static MessageDocument tombstone(String messageId, String channelId, String dmId, String threadId, String senderId) {
		return new MessageDocument(messageId, null, conversation(channelId, dmId), channelId, dmId, threadId, senderId,
				null, true);
	}

	static String conversation(String channelId, String dmId) {
		return (channelId != null) ? "c:" + channelId : "d:" + dmId;
	}

}
