package dev.colink.realtime.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;

import dev.colink.realtime.RealtimeProperties;
import dev.colink.realtime.delivery.Journal;

/**
 * A client's WebSocket: registered in Redis ({@code ws:user:{id}:conns}), greeted with {@code hello} carrying the
 * user's current {@code seq}, sent what it missed when it asks ({@code ?resumeFrom=<seq>}) or
 * {@code resync_required} when that is no longer in the window, then every new frame of the user's sequence.
 * {@code ping} is answered with {@code pong}. The connection is closed when the client is silent longer than the
 * idle timeout (4000), when its token expires (4001), when the user is deactivated (4003), when it does not read
 * its frames (4008), or when the server lost its live feed (1012: reconnect and resume, nothing is lost). A user
 * already holding {@code colink.realtime.max-connections-per-user} sockets on this instance is closed at once with
 * 4029, and a session that no authenticated handshake opened with 1008.
 */
@Component
class RealtimeSocketHandler implements WebSocketHandler {

	static final CloseStatus IDLE = new CloseStatus(4000, "idle");

	static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token_expired");

	static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow_consumer");

	/** A session that did not come through {@link HandshakeAuthentication} (policy violation). */
	static final CloseStatus UNAUTHENTICATED = new CloseStatus(1008, "unauthenticated");

	/** The user holds {@link RealtimeProperties#maxConnectionsPerUser()} connections on this instance already. */
	static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(4029, "too_many_connections");

	private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

	/** The server lost the live feed of this connection: reconnect with {@code resumeFrom}, nothing is lost. */
	static final CloseStatus RECONNECT = new CloseStatus(1012, "reconnect");

	private static final Logger logger = LoggerFactory.getLogger(RealtimeSocketHandler.class);

	private final Journal journal;

	private final LiveFrames liveFrames;

	private final ReactiveStringRedisTemplate redis;

	private final RealtimeProperties properties;

	private final JsonMapper json;

	private final LocalConnections local;

	private final SocketMeters meters;

	RealtimeSocketHandler(Journal journal, LiveFrames liveFrames, ReactiveStringRedisTemplate redis,
			RealtimeProperties properties, JsonMapper json, LocalConnections local, SocketMeters meters) {
		this.meters = meters;
		this.local = local;
		this.journal = journal;
		this.liveFrames = liveFrames;
		this.redis = redis;
		this.properties = properties;
		this.json = json;
	}

	/** Never how a connection is served: without the handshake's verified caller it is closed before a frame. */
	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return handle(session, null);
	}

	/** Serves a connection for the caller its handshake verified ({@link WebSocketConfiguration}). */
	Mono<Void> handle(WebSocketSession session, Caller caller) {
		if (caller == null) {
			// The path only: the query may hold a ticket.
			logger.warn("Refused a WebSocket without a verified caller: {}",
					session.getHandshakeInfo().getUri().getPath());
			return session.close(UNAUTHENTICATED);
		}
		String userId = caller.userId();
		Sinks.One<CloseStatus> kick = Sinks.one();
		Mono<CloseStatus> kicked = this.local.register(userId, kick, this.properties.maxConnectionsPerUser());
		if (kicked == null) {
			logger.info("Refused connection of user {}: over {} connections on this instance", userId,
					this.properties.maxConnectionsPerUser());
			return session.close(TOO_MANY_CONNECTIONS);
		}
		String connectionId = this.properties.instanceId() + ":" + UUID.randomUUID();
		Long resumeFrom = resumeFrom(session);
		Connection connection = new Connection(this.properties.sendQueue());
		connection.watch(SocketWritability.of(session));
		String registry = "ws:user:" + userId + ":conns";

		Mono<Void> register = this.redis.opsForSet()
			.add(registry, connectionId)
			.then(this.redis.expire(registry, this.properties.activeTtl()))
			.then(this.journal.markActive(userId))
			.then();
		// Whatever ends the connection (the client, silence, an expired token, a deactivation, a full queue, a lost
		// live subscription) names a status here. The outbound side then stops sending and closes the session with
		// that status; only then is the inbound side cancelled, since cancelling it first would drop the socket
		// without the status.
		Sinks.One<CloseStatus> closing = Sinks.one();
		connection.onOverflow(() -> closing.tryEmitValue(SLOW_CONSUMER));
		// Live frames are subscribed to first, and the subscription is active before the sequence is read: no frame
		// can fall between the two. If it is lost (Redis went away), the client is asked to reconnect and resume.
		AtomicReference<Runnable> liveFrames = new AtomicReference<>();
		Mono<Void> start = this.liveFrames.subscribe(Journal.framesChannel(userId), new LiveFrames.Listener() {

			@Override
			public void frame(String frame) {
				connection.offerLive(frame);
			}

			@Override
			public void lost() {
				closing.tryEmitValue(RECONNECT);
			}

		})
			.doOnNext(liveFrames::set)
			.then(this.journal.currentSeq(userId))
			.flatMap((current) -> greetAndReplay(connection, userId, connectionId, current, resumeFrom));

		// Silence is measured beside the inbound side, not with a timeout on it: a timeout would cancel it.
		AtomicLong lastHeard = new AtomicLong(System.nanoTime());
		long idleNanos = this.properties.idleTimeout().toNanos();
		Mono<Void> inbound = session.receive()
			.doOnNext((message) -> {
				lastHeard.set(System.nanoTime());
				answer(connection, message);
			})
			.then()
			.doOnSuccess((done) -> closing.tryEmitValue(CloseStatus.NORMAL))
			.onErrorResume((ex) -> {
				closing.tryEmitValue(CloseStatus.SERVER_ERROR);
				return Mono.empty();
			})
			.then(Mono.never());
		Disposable idleCheck = Flux.interval(this.properties.idleTimeout().dividedBy(4))
			.filter((tick) -> System.nanoTime() - lastHeard.get() > idleNanos)
			.next()
			.subscribe((tick) -> closing.tryEmitValue(IDLE));
		Mono<Void> outbound = session.send(connection.frames().takeUntilOther(closing.asMono())
			.doOnNext((frame) -> this.meters.frameSent())
			.map(session::textMessage))
			.onErrorResume((ex) -> {
				closing.tryEmitValue(connection.overflowed() ? SLOW_CONSUMER : CloseStatus.SERVER_ERROR);
				return Mono.empty();
			})
			.then(Mono.never());
		// The close does not wait for the frames still queued: a client that does not read would never take them, nor
		// the close frame behind them, so after a grace period the socket is dropped.
		Mono<Void> close = closing.asMono().flatMap((status) -> {
			this.meters.closing(status.getCode());
			if (status.getCode() != CloseStatus.NORMAL.getCode()) {
				logger.info("Closing connection {} of user {}: {}", connectionId, userId, status);
			}
			return session.isOpen() ? session.close(status).timeout(CLOSE_GRACE, Mono.empty()) : Mono.empty();
		});
		Duration untilExpiry = Duration.between(Instant.now(), caller.expiresAt());
		Disposable closer = Mono.firstWithSignal(kicked,
				Mono.delay(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry).thenReturn(TOKEN_EXPIRED))
			.subscribe(closing::tryEmitValue);

		return register.then(start)
			.then(Mono.firstWithSignal(inbound, outbound, close))
			.doFirst(() -> this.meters.opened(connection))
			.doFinally((signal) -> {
				this.meters.closed(connection);
				closer.dispose();
				idleCheck.dispose();
				this.local.unregister(userId, kick);
				Runnable unsubscribe = liveFrames.get();
				if (unsubscribe != null) {
					unsubscribe.run();
				}
				connection.complete();
				this.redis.opsForSet()
					.remove(registry, connectionId)
					.then(this.journal.markActive(userId))
					.subscribe(null, (error) -> logger.debug("Connection {} left in the registry", connectionId));
			});
	}

	private Mono<Void> greetAndReplay(Connection connection, String userId, String connectionId, long current,
			Long resumeFrom) {
		if (resumeFrom != null) {
			this.meters.resumed();
		}
		connection.send(frame("hello", current, "{\"userId\":\"" + userId + "\",\"connectionId\":\"" + connectionId
				+ "\",\"heartbeatSeconds\":" + this.properties.idleTimeout().toSeconds() / 2 + "}"));
		if (resumeFrom == null || resumeFrom == current) {
			connection.goLive(current);
			return Mono.empty();
		}
		if (resumeFrom > current || resumeFrom < 0) {
			return resync(connection, current);
		}
		return this.journal.after(userId, resumeFrom).collectList().flatMap((missed) -> {
			if (missed.isEmpty() || Journal.seqOf(missed.get(0)) != resumeFrom + 1) {
				return resync(connection, current);
			}
			missed.forEach(connection::replay);
			connection.goLive(Journal.seqOf(missed.get(missed.size() - 1)));
			return Mono.empty();
		});
	}

	/** What the client asked for has left the window: it reloads over REST, then continues live. */
	private Mono<Void> resync(Connection connection, long current) {
		this.meters.resynced();
		connection.send(frame("resync_required", current, "{}"));
		connection.goLive(current);
		return Mono.empty();
	}

	private void answer(Connection connection, WebSocketMessage message) {
		if (message.getType() != WebSocketMessage.Type.TEXT) {
			return;
		}
		try {
			if ("ping".equals(this.json.readTree(message.getPayloadAsText()).path("type").asString())) {
				connection.send("{\"type\":\"pong\"}");
			}
		}
		catch (RuntimeException ex) {
			// Not JSON: ignored, like any client frame the server does not know.
		}
	}

	private static String frame(String type, long seq, String data) {
		return "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"data\":" + data + "}";
	}

	private static Long resumeFrom(WebSocketSession session) {
		String value = UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri())
			.build()
			.getQueryParams()
			.getFirst("resumeFrom");
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return -1L;
		}
	}

}
