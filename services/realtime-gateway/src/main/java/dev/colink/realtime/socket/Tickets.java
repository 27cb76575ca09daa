package dev.colink.realtime.socket;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.colink.realtime.RealtimeProperties;

/**
 * One-time WebSocket tickets: browsers cannot set an {@code Authorization} header on a WebSocket, so a signed-in
 * client trades its token for a ticket ({@code ws:ticket:{ticket}} in Redis, 30 s) and connects with
 * {@code ?ticket=}. Redeeming deletes it (GETDEL), so a ticket opens one connection on any instance, once. The
 * connection lives no longer than the token the ticket was bought with.
 */
@Component
public class Tickets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ReactiveStringRedisTemplate redis;

	private final RealtimeProperties properties;

	Tickets(ReactiveStringRedisTemplate redis, RealtimeProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	public Mono<String> issue(Caller caller) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		return this.redis.opsForValue()
			.set(key(ticket), caller.userId() + "|" + caller.expiresAt().getEpochSecond(), this.properties.ticketTtl())
			.thenReturn(ticket);
	}

	/** The caller the ticket was issued to, if it exists and was not used yet; it cannot be used again. */
	public Mono<Caller> redeem(String ticket) {
		if (ticket == null || ticket.length() != 43) {
			return Mono.empty();
		}
		return this.redis.opsForValue().getAndDelete(key(ticket)).map((value) -> {
			int bar = value.indexOf('|');
			return new Caller(value.substring(0, bar), Instant.ofEpochSecond(Long.parseLong(value.substring(bar + 1))));
		});
	}

	private static String key(String ticket) {
		return "ws:ticket:" + ticket;
	}

}
