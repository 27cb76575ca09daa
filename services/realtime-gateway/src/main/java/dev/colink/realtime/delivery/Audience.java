package dev.colink.realtime.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may see a channel's events: its members, from Postgres, cached per channel. Every instance drops a channel's
 * entry when it hears of a membership change ({@link MembershipChanges}); entries also expire after a few seconds,
 * which bounds the staleness if such an event is late.
 */
@Component
public class Audience {

	private final JdbcClient jdbc;

	private final Cache<String, List<String>> members = Caffeine.newBuilder()
		.maximumSize(20_000)
		.expireAfterWrite(Duration.ofSeconds(10))
		.build();

	Audience(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Mono<List<String>> channelMembers(String channelId) {
		List<String> known = this.members.getIfPresent(channelId);
		if (known != null) {
			return Mono.just(known);
		}
		return Mono.fromCallable(() -> {
			List<String> loaded = this.jdbc.sql("select user_id::text from channel_members where channel_id = ?")
				.param(UUID.fromString(channelId))
				.query(String.class)
				.list();
			this.members.put(channelId, loaded);
			return loaded;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	/** Everyone who shares a channel or a DM with the user, the user included. */
	public Mono<List<String>> contactsOf(String userId) {
		return Mono.fromCallable(() -> this.jdbc.sql("""
				select distinct other.user_id::text from channel_members mine
				join channel_members other on other.channel_id = mine.channel_id
				where mine.user_id = :user
				union
				select case when d.user_a = :user then d.user_b else d.user_a end::text from direct_conversations d
				where d.user_a = :user or d.user_b = :user
				union
				select cast(:user as text)""")
			.param("user", UUID.fromString(userId))
			.query(String.class)
			.list()).subscribeOn(Schedulers.boundedElastic());
	}

	public void forget(String channelId) {
		this.members.invalidate(channelId);
	}

}
