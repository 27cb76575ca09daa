package dev.colink.files.file;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.colink.platform.schema.MessageAccess;

/** Files ({@code files}) and who may read them (through {@code message_files}, messages, members, DMs). */
@Repository
class FileRepository {

	private static final String COLUMNS = """
			f.id, f.uploaded_by, f.filename, f.size, f.mime_type, f.object_key, f.stored_key, f.status, f.signature,
			f.scan_failure, f.created_at, f.confirmed_at, f.scanned_at""";

	/**
	 * The caller uploaded it, or it is attached to a message the caller sees: not deleted, in a channel the caller
	 * is a member of or in a DM of theirs.
	 */
	private static final String READABLE = """
			(f.uploaded_by = :caller or exists (
				select 1 from message_files mf join messages m on m.id = mf.message_id
				where mf.file_id = f.id and not m.is_deleted and """ + MessageAccess.READABLE_BY_CALLER + "))";

	private final JdbcClient jdbc;

	FileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Takes the idempotency key off the uploader's earlier file that holds it (one whose key expired), if any. */
	void releaseKey(UUID uploadedBy, String idempotencyKey) {
		this.jdbc.sql("update files set idempotency_key = null where uploaded_by = :uploadedBy and idempotency_key = :key")
			.param("uploadedBy", uploadedBy)
			.param("key", idempotencyKey)
			.update();
	}

	void insert(StoredFile file, String idempotencyKey) {
		this.jdbc.sql("""
				insert into files (id, uploaded_by, filename, size, mime_type, object_key, status, created_at, idempotency_key)
				values (:id, :uploadedBy, :filename, :size, :mimeType, :objectKey, :status, :createdAt, :idempotencyKey)""")
			.param("id", file.id())
			.param("uploadedBy", file.uploadedBy())
			.param("filename", file.filename())
			.param("size", file.size())
			.param("mimeType", file.mimeType())
			.param("objectKey", file.objectKey())
			.param("status", file.status().wireName())
			.param("createdAt", Timestamp.from(file.createdAt()))
			.param("idempotencyKey", idempotencyKey)
			.update();
	}

	Optional<StoredFile> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from files f where f.id = :id")
			.param("id", id)
			.query(FileRepository::file)
			.optional();
	}

	/** The file if the caller may read it (see {@link #READABLE}). */
	Optional<StoredFile> findReadable(UUID id, UUID caller) {
		return this.jdbc.sql("select " + COLUMNS + " from files f where f.id = :id and " + READABLE)
			.param("id", id)
			.param("caller", caller)
			.query(FileRepository::file)
			.optional();
	}

	/** The file, locked until the transaction ends (a verdict and a redelivered verdict apply one after the other). */
	Optional<StoredFile> lock(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from files f where f.id = :id for update")
			.param("id", id)
			.query(FileRepository::file)
			.optional();
	}

	/**
	 * Moves a confirmed upload to {@code scanning}, due for a scan now.
	 * @return the updated file, or empty when another confirm got there first
	 */
	Optional<StoredFile> startScan(UUID id, String storedKey) {
		return this.jdbc.sql("""
				update files f set status = 'scanning', stored_key = :storedKey, confirmed_at = now(),
					scan_due_at = now(), scan_requests = 0
				where f.id = :id and f.status = 'pending_upload'
				returning""" + " " + COLUMNS)
			.param("id", id)
			.param("storedKey", storedKey)
			.query(FileRepository::file)
			.optional();
	}

	/** Records a scan's end; only a file still {@code scanning} changes. */
	Optional<StoredFile> finishScan(UUID id, FileStatus status, String signature, String failure) {
		return this.jdbc.sql("""
				update files f set status = :status, signature = :signature, scan_failure = :failure,
					scanned_at = now(), scan_due_at = null
				where f.id = :id and f.status = 'scanning'
				returning""" + " " + COLUMNS)
			.param("id", id)
			.param("status", status.wireName())
			.param("signature", signature)
			.param("failure", failure)
			.query(FileRepository::file)
			.optional();
	}

	/**
	 * Claims up to {@code limit} scans that are due, for {@code lease}: no other dispatcher takes them meanwhile.
	 * Each claim counts as one more request for the file's scan.
	 */
	List<DueScan> claimDueScans(int limit, Duration lease) {
		return this.jdbc.sql("""
				update files f set scan_due_at = now() + make_interval(secs => :lease), scan_requests = scan_requests + 1
				where f.id in (select id from files where status = 'scanning' and scan_due_at <= now()
					order by scan_due_at limit :limit for update skip locked)
				returning f.id, f.stored_key, f.scan_requests""")
			.param("lease", lease.toMillis() / 1000.0)
			.param("limit", limit)
			.query((rs, row) -> new DueScan(rs.getObject("id", UUID.class), rs.getString("stored_key"),
					rs.getInt("scan_requests")))
			.list();
	}

	/** When to ask for the scan of a file still {@code scanning} again. */
	void scanDueIn(UUID id, Duration delay) {
		this.jdbc.sql("update files set scan_due_at = now() + make_interval(secs => :delay) where id = :id and status = 'scanning'")
			.param("id", id)
			.param("delay", delay.toMillis() / 1000.0)
			.update();
	}

	private static StoredFile file(ResultSet rs, int row) throws SQLException {
		return new StoredFile(rs.getObject("id", UUID.class), rs.getObject("uploaded_by", UUID.class),
				rs.getString("filename"), rs.getLong("size"), rs.getString("mime_type"), rs.getString("object_key"),
				rs.getString("stored_key"), FileStatus.of(rs.getString("status")), rs.getString("signature"),
				rs.getString("scan_failure"), instant(rs, "created_at"), instant(rs, "confirmed_at"),
				instant(rs, "scanned_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp != null ? timestamp.toInstant() : null;
	}

	/** A scan to ask the scanner for: the file, its stored copy, and how many times it was asked for so far. */
	record DueScan(UUID fileId, String storedKey, int requests) {
	}

}
