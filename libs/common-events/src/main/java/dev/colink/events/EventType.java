package dev.colink.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type Colink publishes on Kafka, with its wire name and the topic it goes to. */
public enum EventType {

	USER_LOGGED_IN("user.logged_in", Topics.USERS),
	MESSAGE_CREATED("message.created", Topics.MESSAGES),
	MESSAGE_UPDATED("message.updated", Topics.MESSAGES),
	MESSAGE_DELETED("message.deleted", Topics.MESSAGES),
	MESSAGE_MODERATED("message.moderated", Topics.MESSAGES),
	CHANNEL_CREATED("channel.created", Topics.CHANNELS),
	CHANNEL_MEMBER_JOINED("channel.member_joined", Topics.CHANNELS),
	CHANNEL_MEMBER_LEFT("channel.member_left", Topics.CHANNELS),
	FILE_UPLOADED("file.uploaded", Topics.FILES),
	FILE_SCANNED("file.scanned", Topics.FILES),
	PRESENCE_UPDATED("presence.updated", Topics.PRESENCE),
	TYPING_STARTED("typing.started", Topics.PRESENCE),
	TYPING_STOPPED("typing.stopped", Topics.PRESENCE),
	REACTION_ADDED("reaction.added", Topics.REACTIONS),
	REACTION_REMOVED("reaction.removed", Topics.REACTIONS),
	THREAD_CREATED("thread.created", Topics.MESSAGES),
	REPLY_CREATED("reply.created", Topics.MESSAGES);

	private final String wireName;

	private final String topic;

	EventType(String wireName, String topic) {
		this.wireName = wireName;
		this.topic = topic;
	}

	public String wireName() {
		return this.wireName;
	}

	public String topic() {
		return this.topic;
	}

	public static Optional<EventType> fromWireName(String wireName) {
		return Arrays.stream(values()).filter((type) -> type.wireName.equals(wireName)).findFirst();
	}

	/**
	 * The topics. Events of one aggregate share a topic so that their order holds: a thread reply never
	 * overtakes the message it answers, a moderation never overtakes the creation it removes.
	 */
	public static final class Topics {

		public static final String USERS = "colink.users";

		public static final String MESSAGES = "colink.messages";

		public static final String CHANNELS = "colink.channels";

		public static final String FILES = "colink.files";

		public static final String PRESENCE = "colink.presence";

		public static final String REACTIONS = "colink.reactions";

		private Topics() {
		}

	}

}
