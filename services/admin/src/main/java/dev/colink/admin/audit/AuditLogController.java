package dev.colink.admin.audit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/admin/audit-logs?actorId=&targetId=&action=&limit=&cursor=}; administrators only. */
@RestController
@RequestMapping("/v1/admin/audit-logs")
class AuditLogController {

	private final AuditLogs logs;

	AuditLogController(AuditLogs logs) {
		this.logs = logs;
	}

	@GetMapping
	AuditLogPage list(@RequestParam(required = false) String actorId, @RequestParam(required = false) String targetId,
			@RequestParam(required = false) String action, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.logs.page(actorId, targetId, action, limit, cursor);
	}

}
