package dev.colink.realtime.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.colink.realtime.FrameType;
import dev.colink.realtime.RealtimeProperties;
import dev.colink.security.testing.StackSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal on the stack's Redis: a large audience (recorded in slices) gets one frame each, numbered in each
 * member's own sequence, only for members active in the last day, once however often the event comes, and with the
 * sender's own data for the sender alone.
 */
class JournalTest {

	private static LettuceConnectionFactory connections;

	private static ReactiveStringRedisTemplate redis;

	private static Journal journal;

	@BeforeAll
	static void connect() {
		URI url = URI.create(StackSettings.env("COLINK_REDIS_URL", "redis://127.0.0.1:6379"));
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
		connections.afterPropertiesSet();
		connections.start();
		redis = new ReactiveStringRedisTemplate(connections);
		journal = new Journal(redis, new RealtimeProperties(null, Duration.ofSeconds(30), Duration.ofSeconds(75), 1024,
				1000, Duration.ofHours(24), Duration.ofHours(24), 16));
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Test
	void aLargeAudienceGetsOneFrameEachInItsOwnSequenceOnceAndOnlyTheActiveOnes() {
		List<String> members = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			members.add(UUID.randomUUID().toString());
		}
		String sender = members.get(137);
		List<String> inactive = List.of(members.get(0), members.get(128), members.get(299));
		for (String member : members) {
			if (!inactive.contains(member)) {
				journal.markActive(member).block();
			}
		}
		String before = members.get(5);
		redis.opsForValue().set("ws:seq:" + before, "41").block();
		String eventId = UUID.randomUUID().toString();

		for (int arrival = 0; arrival < 2; arrival++) {
			journal.record(eventId, FrameType.MESSAGE_NEW,
					(user) -> user.equals(sender) ? "{\"text\":\"hi\",\"idempotencyKey\":\"k\"}" : "{\"text\":\"hi\"}",
					members).block(Duration.ofSeconds(10));
		}

		for (String member : members) {
			List<String> frames = journal.after(member, 0).collectList().block();
			if (inactive.contains(member)) {
				assertThat(frames).as("frames of an inactive member").isEmpty();
				assertThat(journal.currentSeq(member).block()).isZero();
				continue;
			}
			long seq = member.equals(before) ? 42 : 1;
			String data = member.equals(sender) ? "{\"text\":\"hi\",\"idempotencyKey\":\"k\"}" : "{\"text\":\"hi\"}";
			assertThat(journal.currentSeq(member).block()).isEqualTo(seq);
			assertThat(journal.after(member, seq - 1).collectList().block())
				.containsExactly("{\"type\":\"message.new\",\"seq\":" + seq + ",\"data\":" + data + "}");
		}
	}

	@Test
	void whatWasRecordedIsKnownByEventIdInOneAnswer() {
		String member = UUID.randomUUID().toString();
		journal.markActive(member).block();
		String recorded = UUID.randomUUID().toString();
		String notYet = UUID.randomUUID().toString();
		journal.record(recorded, FrameType.MESSAGE_NEW, "{\"text\":\"hi\"}", List.of(member)).block();

		assertThat(journal.recorded(List.of(notYet, recorded, notYet)).block()).containsExactly(false, true, false);
		assertThat(journal.recorded(List.of()).block()).isEmpty();
	}

}
