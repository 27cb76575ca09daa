package dev.colink.presence.status;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.colink.platform.schema.ChannelMembers;
import dev.colink.platform.schema.DmBlocks;
import dev.colink.platform.schema.MessageAccess;

/** Reads of channels' and messaging's tables: who may type where, and who takes part in a DM. */
@Repository
class Conversations {

	private final JdbcClient jdbc;

	Conversations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean isMember(UUID channelId, UUID userId) {
		return ChannelMembers.isMember(this.jdbc, channelId, userId);
	}

	/** Whether one of the DM's two users blocked the other. */
	boolean dmBlocked(UUID dmId) {
		return DmBlocks.isBlocked(this.jdbc, dmId);
	}

	/** The DM's users (one when someone writes to themselves), if the DM exists. */
	Optional<List<String>> dmParticipants(UUID dmId) {
		return this.jdbc.sql("select user_a::text, user_b::text from direct_conversations where id = :id")
			.param("id", dmId)
			.query((rs, row) -> MessageAccess.participants(rs.getString(1), rs.getString(2)))
			.optional();
	}

}
