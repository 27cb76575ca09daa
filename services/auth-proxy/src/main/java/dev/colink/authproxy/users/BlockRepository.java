package dev.colink.authproxy.users;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who blocked whom ({@code blocks}). */
@Repository
class BlockRepository {

	private final JdbcClient jdbc;

	BlockRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void block(UUID blocker, UUID blocked) {
		this.jdbc.sql("insert into blocks (blocker_id, blocked_id) values (:blocker, :blocked) on conflict do nothing")
			.param("blocker", blocker)
			.param("blocked", blocked)
			.update();
	}

	void unblock(UUID blocker, UUID blocked) {
		this.jdbc.sql("delete from blocks where blocker_id = :blocker and blocked_id = :blocked")
			.param("blocker", blocker)
			.param("blocked", blocked)
			.update();
	}

}
