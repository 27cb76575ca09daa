package dev.colink.admin.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** One administrator action, as {@code GET /v1/admin/audit-logs} shows it. */
public record AuditLog(String id, String actorId, String action, String targetId, JsonNode metadata,
		Instant createdAt) {
}
