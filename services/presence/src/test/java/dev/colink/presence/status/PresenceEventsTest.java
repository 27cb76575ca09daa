package dev.colink.presence.status;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.colink.events.EventType;
import dev.colink.events.PresenceUpdated;
import dev.colink.presence.status.PresenceKeys.Announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bound on a user's presence.updated events ({@link PresenceEvents}), with the stack's Redis: one at once, then at most one per interval,
 * the latest status winning, and never the one announced last again. (The journey test shows the same through the
 * gateway and a socket.)
 */
class PresenceEventsTest {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate redis;

	/** A pending set of this test's own: the running presence service sweeps the real one. */
	private final String pending = "presence:announce-pending:test:" + UUID.randomUUID();

	private final PresenceKeys keys = new PresenceKeys(redis, this.pending);

	private final List<PresenceUpdated> published = new CopyOnWriteArrayList<>();

	private final PresenceEvents events = new PresenceEvents(null, null, this.keys, INTERVAL) {
		@Override
		void send(EventType type, String actorId, String key, Object data) {
			assertThat(type).isEqualTo(EventType.PRESENCE_UPDATED);
			PresenceEventsTest.this.published.add((PresenceUpdated) data);
		}
	};

	private final String user = UUID.randomUUID().toString();

	@BeforeAll
	static void connect() {
		URI url = URI.create(System.getenv().getOrDefault("COLINK_REDIS_URL", "redis://127.0.0.1:6379"));
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
		connections.afterPropertiesSet();
		connections.start();
		redis = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@AfterEach
	void cleanUp() {
		this.keys.clearStatus(this.user);
		redis.delete(List.of(this.pending, "presence:announced:" + this.user, "presence:announce-hold:" + this.user));
	}

	@Test
	void manyRapidFlipsAnnounceTheFirstAtOnceThenAtMostOnePerIntervalEndingWithTheFinalState() {
		String[] statuses = { "away", "dnd", "online" };
		long started = System.nanoTime();
		assertThat(set("online", null)).isEqualTo(Announcement.NOW);
		for (int i = 0; i < 60; i++) {
			set(statuses[i % 3], "flip " + i);
			sweep();
		}
		set("dnd", "focus");
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
			sweep();
			return last().status().equals("dnd") && "focus".equals(last().customStatus());
		});
		long intervals = Duration.ofNanos(System.nanoTime() - started).toMillis() / INTERVAL.toMillis();

		assertThat(this.published.get(0).status()).isEqualTo("online");
		assertThat(this.published).as("one at once, then at most one per interval").hasSizeLessThanOrEqualTo(
				(int) intervals + 2);
		// Nothing follows the final state.
		await().pollDelay(INTERVAL.multipliedBy(2)).atMost(INTERVAL.multipliedBy(3)).until(() -> {
			sweep();
			return true;
		});
		assertThat(last().status()).isEqualTo("dnd");
		assertThat(last().customStatus()).isEqualTo("focus");
	}

	@Test
	void aStatusFlippedAwayAndBackWithinTheIntervalIsNotAnnouncedAgain() {
		assertThat(set("online", null)).isEqualTo(Announcement.NOW);
		assertThat(set("away", null)).isEqualTo(Announcement.LATER);
		assertThat(set("online", null)).isEqualTo(Announcement.UNCHANGED);

		await().pollDelay(INTERVAL.plusMillis(500)).atMost(INTERVAL.multipliedBy(3)).until(() -> {
			sweep();
			return true;
		});
		assertThat(this.published).extracting(PresenceUpdated::status).containsExactly("online");

		assertThat(set("away", null)).as("a change after the interval is announced at once").isEqualTo(Announcement.NOW);
		assertThat(this.published).extracting(PresenceUpdated::status).containsExactly("online", "away");
	}

	@Test
	void goingOfflineWithinTheIntervalIsAnnouncedWhenItEnds() {
		set("online", null);
		this.keys.clearStatus(this.user);
		assertThat(this.events.announce(new PresenceUpdated(this.user, Statuses.OFFLINE, null, Instant.now())))
			.isEqualTo(Announcement.LATER);

		await().atMost(INTERVAL.multipliedBy(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
			sweep();
			return this.published.size() == 2;
		});
		assertThat(this.published).extracting(PresenceUpdated::status).containsExactly("online", "offline");
		assertThat(last().customStatus()).isNull();
	}

	/** What Statuses does on a change: store it, then ask for its announcement. */
	private Announcement set(String status, String custom) {
		this.keys.setStatus(this.user, status + PresenceEvents.SEPARATOR + ((custom != null) ? custom : ""));
		return this.events.announce(new PresenceUpdated(this.user, status, custom, Instant.now()));
	}

	private void sweep() {
		this.events.announcePending();
	}

	private PresenceUpdated last() {
		return this.published.get(this.published.size() - 1);
	}

}
