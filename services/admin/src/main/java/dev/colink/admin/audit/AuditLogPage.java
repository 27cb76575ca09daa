package dev.colink.admin.audit;

import java.util.List;

/** A page of the audit log, newest first; {@code nextCursor} is null on the last page. */
public record AuditLogPage(List<AuditLog> data, String nextCursor) {
}
