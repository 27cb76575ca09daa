package dev.colink.realtime;

import java.util.Map;
import java.util.Optional;

/**
 * Every frame type the server sends on a Colink WebSocket, with its wire name, and the Kafka event each delivery
 * frame comes from. The one list of real-time event types; api-specs/asyncapi/realtime.yaml describes each, and
 * the tests check every frame they receive against it.
 */
public enum FrameType {

	HELLO("hello", null),
	PONG("pong", null),
	RESYNC_REQUIRED("resync_required", null),
	MESSAGE_NEW("message.new", "message.created"),
	MESSAGE_UPDATED("message.updated", "message.updated"),
	MESSAGE_DELETED("message.deleted", "message.deleted"),
	/** A moderated message leaves clients as a deleted one does. */
	MESSAGE_MODERATED("message.deleted", "message.moderated"),
	REACTION_ADDED("reaction.added", "reaction.added"),
	REACTION_REMOVED("reaction.removed", "reaction.removed"),
	TYPING_START("typing.start", "typing.started"),
	TYPING_STOP("typing.stop", "typing.stopped"),
	PRESENCE_UPDATE("presence.update", "presence.updated"),
	THREAD_REPLY("thread.reply", "reply.created"),
	CHANNEL_MEMBER_JOINED("channel.member_joined", "channel.member_joined"),
	CHANNEL_MEMBER_LEFT("channel.member_left", "channel.member_left"),
	FILE_SCANNED("file.scanned", "file.scanned");

	private static final Map<String, FrameType> BY_EVENT = Map.ofEntries(
			java.util.Arrays.stream(values())
				.filter((type) -> type.eventType != null)
				.map((type) -> Map.entry(type.eventType, type))
				.toArray(Map.Entry[]::new));

	private final String wireName;

	private final String eventType;

	FrameType(String wireName, String eventType) {
		this.wireName = wireName;
		this.eventType = eventType;
	}

	public String wireName() {
		return this.wireName;
	}

	/** The frame that carries an event of this Kafka type to clients, if clients see that event at all. */
	public static Optional<FrameType> forEvent(String eventType) {
		return Optional.ofNullable(BY_EVENT.get(eventType));
	}

}
