package dev.colink.realtime.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.colink.realtime.FrameType;
import dev.colink.realtime.RealtimeProperties;

/**
 * Every user's stream of frames, in Redis: a per-user sequence number ({@code ws:seq:{user}}, never reset), the
 * replay window ({@code ws:events:{user}}, a stream whose entry ids are the sequence numbers) and the live channel
 * ({@code ws:frames:{user}}) that the instances holding the user's connections listen to. One script numbers, stores
 * and publishes a frame atomically, so sequence, replay and live order agree. Frames are recorded only for users
 * connected within the last day ({@code ws:user:{user}:active}); anyone else reloads over REST anyway.
 * An event is recorded once whichever instance and path (Kafka or the DM channel) brings it: the first to claim
 * {@code ws:journaled:{eventId}} records it, every other arrival is a duplicate.
 */
@Component
public class Journal {

	/**
	 * Records one frame for each of a slice of a large audience, who all get the same frame data. KEYS: each
	 * recipient's active, seq and events keys; ARGV: type, window length, window TTL, the frame data, then each
	 * recipient's live channel. Returns how many were recorded (active in the last day).
	 */
	private static final RedisScript<Long> RECORD_SLICE = RedisScript.of("""
			local recorded = 0
			for i = 0, #KEYS / 3 - 1 do
			  if redis.call('EXISTS', KEYS[1 + i * 3]) == 1 then
			    local seq = redis.call('INCR', KEYS[2 + i * 3])
			    local frame = '{"type":"' .. ARGV[1] .. '","seq":' .. seq .. ',"data":' .. ARGV[4] .. '}'
			    redis.call('XADD', KEYS[3 + i * 3], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'f', frame)
			    redis.call('EXPIRE', KEYS[3 + i * 3], ARGV[3])
			    redis.call('PUBLISH', ARGV[5 + i], frame)
			    recorded = recorded + 1
			  end
			end
			return recorded""", Long.class);

	/** Which of the claims (KEYS) exist: 1 or 0 each, in order. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIMED = RedisScript.of("""
			local claimed = {}
			for i = 1, #KEYS do claimed[i] = redis.call('EXISTS', KEYS[i]) end
			return claimed""", List.class);

	/**
	 * Claims the event and records it for every recipient in one step. KEYS: the claim, then each recipient's
	 * active, seq and events keys; ARGV: type, window length, window TTL, claim TTL, then each recipient's live
	 * channel and frame data.
	 */
	private static final RedisScript<Long> CLAIM_AND_RECORD = RedisScript.of("""
			if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[4]) then return 0 end
			for i = 0, (#KEYS - 1) / 3 - 1 do
			  if redis.call('EXISTS', KEYS[2 + i * 3]) == 1 then
			    local seq = redis.call('INCR', KEYS[3 + i * 3])
			    local frame = '{"type":"' .. ARGV[1] .. '","seq":' .. seq .. ',"data":' .. ARGV[6 + i * 2] .. '}'
			    redis.call('XADD', KEYS[4 + i * 3], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'f', frame)
			    redis.call('EXPIRE', KEYS[4 + i * 3], ARGV[3])
			    redis.call('PUBLISH', ARGV[5 + i * 2], frame)
			  end
			end
			return 1""", Long.class);

	/**
	 * Up to this many recipients an event is claimed and recorded in one script. That is what keeps a DM's two lanes
	 * (the live channel and Kafka) from interleaving: one lane's claim and the frames it writes cannot fall between
	 * the other lane's claim of the next DM and its frames. A channel's events come from Kafka alone, in order, and
	 * may have thousands of recipients, whom one script would keep Redis busy for too long.
	 */
	private static final int ATOMIC_RECIPIENTS = 8;

	/**
	 * A large audience is recorded in slices of this many recipients, one script each: one round trip and one
	 * script call per slice instead of per member (a 1,000-member channel: 8 instead of 1,000), yet short enough
	 * that Redis serves other clients between slices (a slice takes well under a millisecond).
	 */
	private static final int SLICE = 128;

	/** Slices of one event in flight at once. */
	private static final int SLICES_IN_FLIGHT = 4;

	private static final Duration DEDUPLICATION_WINDOW = Duration.ofHours(24);

	private final ReactiveStringRedisTemplate redis;

	private final RealtimeProperties properties;

	private final DeliveryMeters meters;

	Journal(ReactiveStringRedisTemplate redis, RealtimeProperties properties) {
		this(redis, properties, DeliveryMeters.detached());
	}

	@Autowired
	Journal(ReactiveStringRedisTemplate redis, RealtimeProperties properties, DeliveryMeters meters) {
		this.redis = redis;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Records the event's frame for each recipient, unless the event was recorded already. For a few recipients (a
	 * DM, a file's uploader) that is one atomic step. For more (a channel), if recording fails midway, the claim is
	 * given up and the error returned, so that a redelivery records the event again: some recipients may then get
	 * its frame twice (same message, two seq numbers), none loses it.
	 */
	public Mono<Void> record(String eventId, FrameType type, String data, Collection<String> recipients) {
		return record(eventId, type, (user) -> data, recipients);
	}

	/** As {@link #record(String, FrameType, String, Collection)}, with each recipient's own frame data. */
	public Mono<Void> record(String eventId, FrameType type, Function<String, String> dataFor,
			Collection<String> recipients) {
		String claim = "ws:journaled:" + eventId;
		if (recipients.size() <= ATOMIC_RECIPIENTS) {
			List<String> keys = new ArrayList<>(1 + 3 * recipients.size());
			List<String> args = new ArrayList<>(4 + 2 * recipients.size());
			keys.add(claim);
			args.addAll(List.of(type.wireName(), Integer.toString(this.properties.replayEvents()),
					Long.toString(this.properties.replayTtl().toSeconds()), Long.toString(DEDUPLICATION_WINDOW.toSeconds())));
			for (String user : recipients) {
				keys.addAll(List.of(activeKey(user), seqKey(user), eventsKey(user)));
				args.add(framesChannel(user));
				args.add(dataFor.apply(user));
			}
			return DeliveryMeters.timed(this.meters.fanout, DeliveryMeters
				.timed(this.meters.claimAndRecord, this.redis.execute(CLAIM_AND_RECORD, keys, args)).then());
		}
		return DeliveryMeters.timed(this.meters.fanout, this.redis.opsForValue()
			.setIfAbsent(claim, "1", DEDUPLICATION_WINDOW)
			.filter(Boolean::booleanValue)
			.flatMapMany((first) -> Flux.fromIterable(slices(type, dataFor, recipients))
				.flatMap((slice) -> DeliveryMeters.timed(this.meters.recordSlice,
						this.redis.execute(RECORD_SLICE, slice.keys(), slice.args())), SLICES_IN_FLIGHT)
				.onErrorResume((ex) -> this.redis.delete(claim).onErrorResume((ignored) -> Mono.empty())
					.then(Mono.error(ex))))
			.then());
	}

	/** The recipients grouped by their frame data (a channel post: the sender's and everyone else's), then sliced. */
	private List<Slice> slices(FrameType type, Function<String, String> dataFor, Collection<String> recipients) {
		Map<String, List<String>> byData = new LinkedHashMap<>();
		for (String user : recipients) {
			byData.computeIfAbsent(dataFor.apply(user), (data) -> new ArrayList<>()).add(user);
		}
		List<String> common = List.of(type.wireName(), Integer.toString(this.properties.replayEvents()),
				Long.toString(this.properties.replayTtl().toSeconds()));
		List<Slice> slices = new ArrayList<>();
		byData.forEach((data, users) -> {
			for (int from = 0; from < users.size(); from += SLICE) {
				List<String> slice = users.subList(from, Math.min(users.size(), from + SLICE));
				List<String> keys = new ArrayList<>(3 * slice.size());
				List<String> args = new ArrayList<>(4 + slice.size());
				args.addAll(common);
				args.add(data);
				for (String user : slice) {
					keys.addAll(List.of(activeKey(user), seqKey(user), eventsKey(user)));
					args.add(framesChannel(user));
				}
				slices.add(new Slice(keys, args));
			}
		});
		return slices;
	}

	private record Slice(List<String> keys, List<String> args) {
	}

	/**
	 * Which of these events are recorded already, in one round trip: most DM events reach Kafka's lane after the live
	 * lane recorded them, and need no further work there.
	 */
	public Mono<List<Boolean>> recorded(List<String> eventIds) {
		if (eventIds.isEmpty()) {
			return Mono.just(List.of());
		}
		List<String> claims = eventIds.stream().map((eventId) -> "ws:journaled:" + eventId).toList();
		return DeliveryMeters.timed(this.meters.claimed, this.redis.execute(CLAIMED, claims, List.of()))
			.next()
			.map((claimed) -> ((List<?>) claimed).stream().map((one) -> ((Number) one).longValue() == 1).toList());
	}

	/** The user's last sequence number (0 before their first frame). */
	public Mono<Long> currentSeq(String userId) {
		return this.redis.opsForValue().get(seqKey(userId)).map(Long::parseLong).defaultIfEmpty(0L);
	}

	/** The frames after {@code seq} still in the user's replay window, in order. */
	public Flux<String> after(String userId, long seq) {
		return this.redis.opsForStream()
			.range(eventsKey(userId), Range.rightUnbounded(Range.Bound.inclusive((seq + 1) + "-0")))
			.map((MapRecord<String, Object, Object> record) -> String.valueOf(record.getValue().get("f")));
	}

	/** Marks the user as one whose frames are recorded (refreshed at every connect and disconnect). */
	public Mono<Boolean> markActive(String userId) {
		return this.redis.opsForValue().set(activeKey(userId), "1", this.properties.activeTtl());
	}

	public static String framesChannel(String userId) {
		return "ws:frames:" + userId;
	}

	/** The {@code seq} of a frame this journal wrote ({@code {"type":"…","seq":N,…}}), or -1. */
	public static long seqOf(String frame) {
		int at = frame.indexOf("\"seq\":");
		if (at < 0) {
			return -1;
		}
		long seq = 0;
		for (int i = at + 6; i < frame.length(); i++) {
			char c = frame.charAt(i);
			if (c < '0' || c > '9') {
				break;
			}
			seq = seq * 10 + (c - '0');
		}
		return seq;
	}

	private static String activeKey(String userId) {
		return "ws:user:" + userId + ":active";
	}

	private static String seqKey(String userId) {
		return "ws:seq:" + userId;
	}

	private static String eventsKey(String userId) {
		return "ws:events:" + userId;
	}

}
