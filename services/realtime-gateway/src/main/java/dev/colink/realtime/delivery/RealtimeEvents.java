package dev.colink.realtime.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import dev.colink.events.EventType;
import dev.colink.realtime.FrameType;

/**
 * Turns events into frames for the users allowed to see them: the participants of a DM, the members of a channel
 * (and a member who just left, told so), the uploader of a scanned file. Events come from Kafka, where this service's instances share one consumer
 * group (each event reaches one of them, in order per channel or DM). DM events come from messaging's Redis channel
 * {@code realtime:dm:*}, the low-latency lane of diagram 2, journaled by the one instance holding the
 * {@link DmJournalLease} (one instance, so that two DMs of one conversation are numbered in their order; a new
 * holder first journals what it heard while nobody held the lease, see {@link LiveDmHandover}); Kafka carries them
 * too, for any the live lane lost. The {@link Journal} records each event once, whichever comes first.
 */
@Component
class RealtimeEvents {

	private static final Logger logger = LoggerFactory.getLogger(RealtimeEvents.class);

	/** The header in which the outbox relay sends each record's event id. */
	private static final String EVENT_ID_HEADER = "colink-event-id";

	/** The member of a message.created event's data that only its sender's frames carry. */
	private static final String SENDERS_KEY = "idempotencyKey";

	/** How long one event may take to journal, for a very large channel on a loaded machine. */
	private static final Duration PATIENCE = Duration.ofMinutes(2);

	private final Journal journal;

	private final Audience audience;

	private final JsonMapper json;

	private final ReactiveRedisConnectionFactory redis;

	private final DmJournalLease lease;

	private final LiveDmHandover handover;

	private ReactiveRedisMessageListenerContainer directMessages;

	RealtimeEvents(Journal journal, Audience audience, JsonMapper json, ReactiveRedisConnectionFactory redis,
			DmJournalLease lease) {
		this.lease = lease;
		this.handover = new LiveDmHandover(lease::isHolder, LiveDmHandover.WINDOW);
		this.journal = journal;
		this.audience = audience;
		this.json = json;
		this.redis = redis;
	}

	/**
	 * Every event from Kafka, a poll's records at a time, in their order. A DM event is usually journaled already by
	 * the live channel's lane: one round trip asks which of the poll's events are recorded (by the event id in the
	 * record's header), and those are not read at all. The rest (channel events, and DM events the live lane lost or
	 * has not reached yet, or any while no instance holds its lease) are journaled here one after the other; the
	 * journal records each event once whichever lane comes first.
	 */
	@KafkaListener(topics = { EventType.Topics.MESSAGES, EventType.Topics.CHANNELS, EventType.Topics.FILES,
			EventType.Topics.REACTIONS, EventType.Topics.PRESENCE }, batch = "true")
	void fromKafka(List<ConsumerRecord<String, String>> records) {
		List<Integer> withId = new ArrayList<>();
		List<String> eventIds = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			Header header = records.get(i).headers().lastHeader(EVENT_ID_HEADER);
			if (header != null) {
				withId.add(i);
				eventIds.add(new String(header.value(), StandardCharsets.UTF_8));
			}
		}
		boolean[] recorded = new boolean[records.size()];
		try {
			List<Boolean> claimed = this.journal.recorded(eventIds).block(PATIENCE);
			for (int i = 0; i < withId.size(); i++) {
				recorded[withId.get(i)] = claimed.get(i);
			}
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("Could not ask which events are journaled", ex, 0);
		}
		for (int i = 0; i < records.size(); i++) {
			if (recorded[i]) {
				continue;
			}
			try {
				deliver(records.get(i).value()).block(PATIENCE);
			}
			catch (RuntimeException ex) {
				// The records before it are done; this one is retried (and, as before, given up after the error
				// handler's attempts), then the rest.
				throw new BatchListenerFailedException("Could not journal an event", ex, i);
			}
		}
	}

	/**
	 * The DM channel has a Redis connection of its own: journaling its events one after the other (their order is
	 * the conversation's) must never slow the delivery of frames to connections, which share the other one.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void listenToDirectMessages() {
		this.directMessages = new ReactiveRedisMessageListenerContainer(this.redis);
		this.directMessages.receiveLater(PatternTopic.of("realtime:dm:*"))
			// Listening now: after a full window this instance has heard every DM it may have to journal on taking over.
			.doOnNext((subscribed) -> this.lease.eligibleAfter(LiveDmHandover.WINDOW))
			.flatMapMany((messages) -> messages)
			.concatMapIterable(this.handover::admit)
			// One conversation's events one after the other (their order is its order), conversations side by side.
			.groupBy((message) -> message.getChannel(), 4096)
			.flatMap((conversation) -> conversation.concatMap((message) -> deliver(message.getMessage())
				.onErrorResume((ex) -> {
					logger.warn("A live DM event could not be journaled here; Kafka brings it again: {}", ex.toString());
					return Mono.empty();
				})), 1024)
			.subscribe();
	}

	@PreDestroy
	void stopListening() {
		if (this.directMessages != null) {
			this.directMessages.destroy();
		}
	}

	Mono<Void> deliver(String payload) {
		JsonNode event = this.json.readTree(payload);
		Optional<FrameType> frame = FrameType.forEvent(event.path("type").asString());
		if (frame.isEmpty()) {
			return Mono.empty();
		}
		JsonNode data = event.path("data");
		if (frame.get() == FrameType.MESSAGE_NEW && !data.path("threadId").isNull() && !data.path("threadId").isMissingNode()) {
			// A reply reaches clients as thread.reply (from reply.created), with the thread's counters.
			return Mono.empty();
		}
		Mono<List<String>> recipients = recipients(frame.get(), data);
		if (frame.get() == FrameType.TYPING_START || frame.get() == FrameType.TYPING_STOP) {
			// Nobody is told that they themselves are typing.
			String typist = data.path("userId").asString();
			recipients = recipients.map((users) -> users.stream().filter((user) -> !user.equals(typist)).toList());
		}
		String eventId = event.path("eventId").asString();
		if (frame.get() == FrameType.MESSAGE_NEW && data.has(SENDERS_KEY)) {
			// The idempotency key lets the sender's own clients match the frame to their pending post; nobody else
			// is given it.
			String sender = data.path("senderId").asString();
			String withKey = data.toString();
			String withoutKey = ((ObjectNode) data.deepCopy()).without(SENDERS_KEY).toString();
			return recipients.flatMap((users) -> this.journal.record(eventId, frame.get(),
					(user) -> user.equals(sender) ? withKey : withoutKey, users));
		}
		return recipients.flatMap((users) -> this.journal.record(eventId, frame.get(), data.toString(), users));
	}

	private Mono<List<String>> recipients(FrameType frame, JsonNode data) {
		if (frame == FrameType.PRESENCE_UPDATE) {
			// A status is the business of those who share a channel or a DM with its user.
			return this.audience.contactsOf(data.path("userId").asString());
		}
		if (frame == FrameType.FILE_SCANNED) {
			// A scan's outcome is the uploader's business only: nobody else has seen the file yet.
			return Mono.just(List.of(data.path("uploaderId").asString()));
		}
		JsonNode participants = data.path("participantIds");
		if (participants.isArray()) {
			List<String> users = new ArrayList<>();
			participants.forEach((user) -> users.add(user.asString()));
			return Mono.just(users);
		}
		String channelId = data.path("channelId").asString(null);
		if (channelId == null) {
			return Mono.empty();
		}
		if (frame == FrameType.CHANNEL_MEMBER_JOINED || frame == FrameType.CHANNEL_MEMBER_LEFT) {
			this.audience.forget(channelId);
		}
		Mono<List<String>> members = this.audience.channelMembers(channelId);
		if (frame == FrameType.CHANNEL_MEMBER_LEFT) {
			String leaver = data.path("userId").asString();
			return members.map((users) -> {
				List<String> told = new ArrayList<>(users);
				told.add(leaver);
				return told;
			});
		}
		return members;
	}

}
