package dev.colink.realtime.socket;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The sockets of this instance, measured (docs/operations.md, Metrics): {@code colink.realtime.sockets},
 * {@code colink.realtime.send.queue.depth} (frames queued for sending, summed over the sockets), and the counters
 * {@code colink.realtime.frames.sent}, {@code .slow.consumer.closes} (4008), {@code .resumes} and {@code .resyncs};
 * {@code colink.realtime.delivery.latency}, from a message's or reaction's creation ({@code createdAt} of its frame)
 * to its live frame being handed to the user's sockets here. The gauges are read at scrape time; on the way of a
 * frame there is a counter increment, and for a live new message a look for {@code createdAt} in the frame.
 */
@Component
class SocketMeters {

	/** The live frames that announce something just created, and carry its {@code createdAt}. */
	private static final String[] CREATED = { "{\"type\":\"message.new\",", "{\"type\":\"thread.reply\",",
			"{\"type\":\"reaction.added\"," };

	private static final String CREATED_AT = "\"createdAt\":\"";

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final Counter framesSent;

	private final Counter slowConsumerCloses;

	private final Counter resumes;

	private final Counter resyncs;

	private final Timer deliveryLatency;

	SocketMeters(MeterRegistry registry) {
		Gauge.builder("colink.realtime.sockets", this.open, Set::size)
			.description("WebSockets open on this instance")
			.register(registry);
		Gauge.builder("colink.realtime.send.queue.depth", this.open, SocketMeters::queued)
			.description("Frames waiting to be sent, summed over this instance's sockets")
			.baseUnit("frames")
			.register(registry);
		this.framesSent = Counter.builder("colink.realtime.frames.sent")
			.description("Frames handed to sockets (hello, pong, replayed and live frames)")
			.baseUnit("frames")
			.register(registry);
		this.slowConsumerCloses = Counter.builder("colink.realtime.slow.consumer.closes")
			.description("Sockets closed with 4008: the client did not read its frames fast enough")
			.register(registry);
		this.resumes = Counter.builder("colink.realtime.resumes")
			.description("Sockets opened with resumeFrom (those the window no longer covered are also resyncs)")
			.register(registry);
		this.resyncs = Counter.builder("colink.realtime.resyncs")
			.description("resync_required frames: what a client asked to resume from had left the window")
			.register(registry);
		this.deliveryLatency = Timer.builder("colink.realtime.delivery.latency")
			.description("From a message's or reaction's creation to its live frame handed to the user's sockets")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
	}

	void opened(Connection connection) {
		this.open.add(connection);
	}

	/** The server closes a socket with this status. */
	void closing(int status) {
		if (status == RealtimeSocketHandler.SLOW_CONSUMER.getCode()) {
			this.slowConsumerCloses.increment();
		}
	}

	void closed(Connection connection) {
		this.open.remove(connection);
	}

	void frameSent() {
		this.framesSent.increment();
	}

	void resumed() {
		this.resumes.increment();
	}

	void resynced() {
		this.resyncs.increment();
	}

	/** A live frame was handed to the user's sockets here: the latency since its event's creation, if it says. */
	void delivered(String frame) {
		if (!announcesCreation(frame)) {
			return;
		}
		int at = frame.indexOf(CREATED_AT);
		int end = (at < 0) ? -1 : frame.indexOf('"', at + CREATED_AT.length());
		if (end < 0) {
			return;
		}
		try {
			Instant createdAt = Instant.parse(frame.subSequence(at + CREATED_AT.length(), end));
			this.deliveryLatency.record(Duration.between(createdAt, Instant.now()));
		}
		catch (DateTimeParseException ex) {
			// Not a timestamp: nothing to measure.
		}
	}

	private static boolean announcesCreation(String frame) {
		for (String prefix : CREATED) {
			if (frame.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static double queued(Set<Connection> open) {
		long queued = 0;
		for (Connection connection : open) {
			queued += connection.queued();
		}
		return queued;
	}

}
