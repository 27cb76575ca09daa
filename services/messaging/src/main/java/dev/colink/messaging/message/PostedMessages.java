package dev.colink.messaging.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code colink.messages.posted{kind}}: messages created, counted once their transaction committed (a retry answered
 * with the first request's message is not counted again). {@code kind} is {@code channel}, {@code dm} or
 * {@code reply} (a reply in a thread, whichever its conversation).
 */
@Component
class PostedMessages {

	private final Counter channel;

	private final Counter dm;

	private final Counter reply;

	PostedMessages(MeterRegistry registry) {
		this.channel = posted(registry, "channel");
		this.dm = posted(registry, "dm");
		this.reply = posted(registry, "reply");
	}

	void created(Message message) {
		Counter kind = (message.threadId() != null) ? this.reply : (message.dmId() != null) ? this.dm : this.channel;
		kind.increment();
	}

	private static Counter posted(MeterRegistry registry, String kind) {
		return Counter.builder("colink.messages.posted")
			.description("Messages created (after their transaction committed)")
			.baseUnit("messages")
			.tag("kind", kind)
			.register(registry);
	}

}
