package dev.colink.admin.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.colink.platform.Cursors;
import dev.colink.platform.Ids;
import dev.colink.platform.problems.ApiProblemException;

/**
 * The audit log ({@code audit_logs}): one row per administrator action, written in the transaction of the action
 * itself, so that an action is never done without its row nor the other way round. Ids are UUIDv7, so the newest
 * first order is the id order and the cursor is the last id of a page.
 */
@Repository
public class AuditLogs {

	private static final int DEFAULT_LIMIT = 50;

	private static final int MAX_LIMIT = 200;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditLogs(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Records an action; must run inside the transaction that does it. */
	public AuditLog append(UUID actorId, String action, String targetId, Map<String, ?> metadata) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("An audit row is written in the transaction of the action it records");
		}
		UUID id = UuidCreator.getTimeOrderedEpoch();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String metadataJson = this.json.writeValueAsString(metadata);
		this.jdbc.sql("""
				insert into audit_logs (id, actor_id, action, target_id, metadata, created_at)
				values (:id, :actor, :action, :target, cast(:metadata as jsonb), :at)""")
			.param("id", id)
			.param("actor", actorId)
			.param("action", action)
			.param("target", targetId)
			.param("metadata", metadataJson)
			.param("at", Timestamp.from(now))
			.update();
		return new AuditLog(id.toString(), actorId.toString(), action, targetId, this.json.readTree(metadataJson), now);
	}

	/** A page of the log, newest first, narrowed by whichever filters are given. */
	public AuditLogPage page(String actorId, String targetId, String action, Integer limit, String cursor) {
		int size = Ids.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		StringBuilder sql = new StringBuilder(
				"select id, actor_id, action, target_id, metadata::text as metadata, created_at from audit_logs where true");
		Map<String, Object> params = new java.util.HashMap<>();
		if (actorId != null && !actorId.isEmpty()) {
			Optional<UUID> actor = Ids.uuid(actorId);
			if (actor.isEmpty()) {
				return new AuditLogPage(List.of(), null);
			}
			sql.append(" and actor_id = :actor");
			params.put("actor", actor.get());
		}
		if (targetId != null && !targetId.isEmpty()) {
			sql.append(" and target_id = :target");
			params.put("target", targetId);
		}
		if (action != null && !action.isEmpty()) {
			sql.append(" and action = :action");
			params.put("action", action);
		}
		if (cursor != null && !cursor.isEmpty()) {
			UUID after = Ids.uuid(cursor).orElseThrow(Cursors::invalid);
			sql.append(" and id < :after");
			params.put("after", after);
		}
		sql.append(" order by id desc limit :limit");
		params.put("limit", size + 1);
		List<AuditLog> rows = new ArrayList<>(this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, row) -> new AuditLog(rs.getString("id"), rs.getString("actor_id"), rs.getString("action"),
					rs.getString("target_id"), this.json.readTree(rs.getString("metadata")),
					rs.getTimestamp("created_at").toInstant()))
			.list());
		if (rows.size() <= size) {
			return new AuditLogPage(rows, null);
		}
		List<AuditLog> page = List.copyOf(rows.subList(0, size));
		return new AuditLogPage(page, page.get(size - 1).id());
	}



}
