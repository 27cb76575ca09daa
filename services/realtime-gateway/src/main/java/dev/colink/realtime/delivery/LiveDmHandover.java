package dev.colink.realtime.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.springframework.data.redis.connection.ReactiveSubscription.Message;

/**
 * Keeps the order of DMs across a change of the {@link DmJournalLease}'s holder. Every instance hears every live DM
 * event; one that does not hold the lease keeps what it heard in the last window ({@link #WINDOW} in service). While nobody holds the
 * lease (its holder stopped), only Kafka journals DMs, and Kafka can be seconds late (its consumer group rebalances
 * when an instance leaves). An instance that then takes the lease first journals, in the order heard, what it kept:
 * those DMs are numbered before any later live DM, whichever lane gets to them first (the journal records each event
 * once). The lease goes only to an instance that has listened for a full window ({@link DmJournalLease#eligibleAfter}),
 * so that no DM of the gap is missing from its memory.
 */
final class LiveDmHandover {

	/** How long a non-holder remembers what it heard; also how long an instance listens before it may take over. */
	static final Duration WINDOW = Duration.ofSeconds(10);

	/** More than a busy window of DMs; beyond it the oldest are left to Kafka. */
	private static final int CAPACITY = 50_000;

	private final Deque<Heard> heard = new ArrayDeque<>();

	private final BooleanSupplier holder;

	private final Duration window;

	/**
	 * @param holder whether this instance holds the lease now
	 * @param window how long to remember what was heard
	 */
	LiveDmHandover(BooleanSupplier holder, Duration window) {
		this.holder = holder;
		this.window = window;
	}

	/** What to journal now for a live event just heard: nothing (not the holder), it, or what was kept and then it. */
	synchronized List<Message<String, String>> admit(Message<String, String> message) {
		long now = System.nanoTime();
		if (!this.holder.getAsBoolean()) {
			forgetOlderThan(now);
			if (this.heard.size() == CAPACITY) {
				this.heard.removeFirst();
			}
			this.heard.addLast(new Heard(now, message));
			return List.of();
		}
		if (this.heard.isEmpty()) {
			return List.of(message);
		}
		forgetOlderThan(now);
		List<Message<String, String>> journal = new ArrayList<>(this.heard.size() + 1);
		this.heard.forEach((kept) -> journal.add(kept.message()));
		this.heard.clear();
		journal.add(message);
		return journal;
	}

	private void forgetOlderThan(long now) {
		while (!this.heard.isEmpty() && now - this.heard.peekFirst().at() > this.window.toNanos()) {
			this.heard.removeFirst();
		}
	}

	private record Heard(long at, Message<String, String> message) {
	}

}
