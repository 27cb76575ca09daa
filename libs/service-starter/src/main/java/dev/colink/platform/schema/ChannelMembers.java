package dev.colink.platform.schema;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether a user is a member of a channel, the one question about {@code channel_members} (written by channels) that
 * messaging, presence and search ask before they act or answer.
 */
public final class ChannelMembers {

	private ChannelMembers() {
	}

	public static boolean isMember(JdbcClient jdbc, UUID channelId, UUID userId) {
		return jdbc.sql("select exists (select 1 from channel_members where channel_id = :channel and user_id = :user)")
			.param("channel", channelId)
			.param("user", userId)
			.query(Boolean.class)
			.single();
	}

}
