package dev.colink.realtime.socket;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

import dev.colink.realtime.RealtimeProperties;

/**
 * The live frames ({@code ws:frames:{user}}) of the users connected to this instance, on one Redis pub/sub
 * connection. A user's channel is subscribed once while they have connections here, however many, and each message
 * reaches that user's connections by one map lookup. (Spring's reactive listener container subscribes every receiver
 * on its own and offers every message to every receiver: with 1,000 sockets open, each frame cost 1,000 set lookups
 * on the Redis event loop, and delivery fell seconds behind at 200 DMs/s.)
 * <p>
 * When the pub/sub connection drops, frames published meanwhile never arrive live, so every connection here is told
 * {@link Listener#lost()}: it is closed with 1012 and its client resumes from the journal.
 */
@Component
class LiveFrames extends RedisPubSubAdapter<String, String> implements RedisConnectionStateListener, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(LiveFrames.class);

	/** Where one connection's live frames go. */
	interface Listener {

		void frame(String frame);

		/** The live feed broke: frames may have been missed. */
		void lost();

	}

	private final Map<String, Subscription> channels = new ConcurrentHashMap<>();

	private final LettuceConnectionFactory factory;

	private final String clientName;

	private final SocketMeters meters;

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	private volatile boolean closing;

	LiveFrames(LettuceConnectionFactory factory, RealtimeProperties properties, SocketMeters meters) {
		this.factory = factory;
		this.clientName = clientName(properties.instanceId());
		this.meters = meters;
	}

	/** The Redis client name of an instance's live frame connection ({@code CLIENT LIST} shows it). */
	static String clientName(String instanceId) {
		return "live-frames:" + instanceId;
	}

	/**
	 * Starts sending the channel's messages to the listener. The returned Mono emits, once Redis confirmed the
	 * subscription, what ends it again.
	 */
	Mono<Runnable> subscribe(String channel, Listener listener) {
		StatefulRedisPubSubConnection<String, String> pubsub;
		try {
			pubsub = connection();
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		Subscription subscription = this.channels.compute(channel, (name, existing) -> {
			Subscription current = (existing != null) ? existing
					: new Subscription(pubsub.async().subscribe(name).toCompletableFuture());
			current.listeners.add(listener);
			return current;
		});
		return Mono.fromFuture(subscription.confirmed, true)
			.thenReturn((Runnable) () -> unsubscribe(channel, subscription, listener))
			.doOnError((ex) -> unsubscribe(channel, subscription, listener));
	}

	private void unsubscribe(String channel, Subscription subscription, Listener listener) {
		this.channels.computeIfPresent(channel, (name, current) -> {
			if (current != subscription) {
				return current;
			}
			current.listeners.remove(listener);
			if (!current.listeners.isEmpty()) {
				return current;
			}
			connection().async().unsubscribe(name);
			return null;
		});
	}

	@Override
	public void message(String channel, String message) {
		Subscription subscription = this.channels.get(channel);
		if (subscription != null) {
			subscription.listeners.forEach((listener) -> listener.frame(message));
			this.meters.delivered(message);
		}
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
		if (this.closing) {
			return;
		}
		logger.warn("The live frame feed from Redis dropped; {} users' connections here are asked to resume",
				this.channels.size());
		this.channels.values().forEach((subscription) -> subscription.listeners.forEach(Listener::lost));
	}

	/** Connected on first use; Lettuce reconnects it and subscribes its channels again after a drop. */
	private synchronized StatefulRedisPubSubConnection<String, String> connection() {
		if (this.connection == null) {
			RedisClient client = (RedisClient) this.factory.getRequiredNativeClient();
			StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
			pubsub.sync().clientSetname(this.clientName);
			pubsub.addListener((RedisPubSubListener<String, String>) this);
			pubsub.addListener((RedisConnectionStateListener) this);
			this.connection = pubsub;
		}
		return this.connection;
	}

	@Override
	public synchronized void destroy() {
		this.closing = true;
		if (this.connection != null) {
			this.connection.close();
		}
	}

	private static final class Subscription {

		private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

		private final CompletableFuture<Void> confirmed;

		Subscription(CompletableFuture<Void> confirmed) {
			this.confirmed = confirmed;
		}

	}

}
