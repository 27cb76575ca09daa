package dev.colink.realtime.socket;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The connections this instance holds, by user, so that the server can end them: a user who was deactivated is
 * disconnected at the next check ({@code colink.realtime.deactivation-check}, one query for all connected users).
 */
@Component
class LocalConnections {

	static final CloseStatus DEACTIVATED = new CloseStatus(4003, "deactivated");

	private final Map<String, Set<Sinks.One<CloseStatus>>> byUser = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	LocalConnections(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Registers a connection unless the user holds {@code max} on this instance already (then null); the returned
	 * Mono emits when the server wants it closed, and with which status.
	 */
	Mono<CloseStatus> register(String userId, Sinks.One<CloseStatus> kick, int max) {
		boolean[] admitted = { false };
		this.byUser.compute(userId, (id, kicks) -> {
			Set<Sinks.One<CloseStatus>> held = (kicks != null) ? kicks : ConcurrentHashMap.newKeySet();
			if (held.size() < max) {
				held.add(kick);
				admitted[0] = true;
			}
			return held.isEmpty() ? null : held;
		});
		return admitted[0] ? kick.asMono() : null;
	}

	void unregister(String userId, Sinks.One<CloseStatus> kick) {
		this.byUser.computeIfPresent(userId, (id, kicks) -> {
			kicks.remove(kick);
			return kicks.isEmpty() ? null : kicks;
		});
	}

	int size() {
		return this.byUser.values().stream().mapToInt(Set::size).sum();
	}

	@Scheduled(fixedDelayString = "${colink.realtime.deactivation-check:30s}")
	void disconnectDeactivatedUsers() {
		if (this.byUser.isEmpty()) {
			return;
		}
		UUID[] connected = this.byUser.keySet().stream().map(UUID::fromString).toArray(UUID[]::new);
		List<String> deactivated = this.jdbc
			.sql("select id::text from users where id = any(?) and status <> 'active'")
			.param(connected)
			.query(String.class)
			.list();
		for (String userId : deactivated) {
			this.byUser.getOrDefault(userId, Set.of()).forEach((kick) -> kick.tryEmitValue(DEACTIVATED));
		}
	}

}
