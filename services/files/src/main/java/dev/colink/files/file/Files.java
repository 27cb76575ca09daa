package dev.colink.files.file;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.colink.events.EventType;
import dev.colink.events.FileScanned;
import dev.colink.events.FileUploaded;
import dev.colink.objectstore.ObjectStore;
import dev.colink.objectstore.PresignedUrl;
import dev.colink.objectstore.StoredObject;
import dev.colink.platform.idempotency.IdempotencyKeys;
import dev.colink.platform.outbox.Outbox;
import dev.colink.platform.problems.ApiProblemException;

/**
 * Journey 4 on the files side: handing out upload URLs, confirming uploads (the stored object must be there and
 * match what was declared), recording scan verdicts, and showing a file to those who may read it. A file no caller
 * may read answers 404 like an unknown one.
 */
@Service
public class Files {

	private static final Logger log = LoggerFactory.getLogger(Files.class);

	static final String UPLOAD_OPERATION = "files.upload";

	private final FileRepository files;

	private final ObjectStore objectStore;

	private final IdempotencyKeys idempotencyKeys;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	private final FilesProperties properties;

	private final ScanDispatcher dispatcher;

	private final ScanMeters scanMeters;

	Files(FileRepository files, ObjectStore objectStore, IdempotencyKeys idempotencyKeys, Outbox outbox,
			TransactionTemplate transaction, FilesProperties properties, ScanDispatcher dispatcher,
			ScanMeters scanMeters) {
		this.files = files;
		this.objectStore = objectStore;
		this.idempotencyKeys = idempotencyKeys;
		this.outbox = outbox;
		this.transaction = transaction;
		this.properties = properties;
		this.dispatcher = dispatcher;
		this.scanMeters = scanMeters;
	}

	/**
	 * Records a file as {@code pending_upload} and presigns the PUT of its bytes. A repeat with the same idempotency
	 * key answers the same file id with a fresh URL and records nothing (once the upload was confirmed, what is
	 * PUT there is never read again). A key reused after it expired is a new upload, as in every service.
	 */
	public UploadUrl createUpload(UUID caller, UploadRequest request) {
		String filename = FileRules.filename(request.filename());
		long size = FileRules.size(request.size(), this.properties.maxSize().toBytes());
		String mimeType = FileRules.mimeType(request.mimeType(), this.properties.allowedMimeTypes());
		String idempotencyKey = IdempotencyKeys.requestKey(request.idempotencyKey());

		UUID id = UuidCreator.getTimeOrderedEpoch();
		StoredFile file = this.transaction.execute((status) -> {
			if (idempotencyKey != null) {
				Optional<String> earlier = this.idempotencyKeys.claim(caller, UPLOAD_OPERATION, idempotencyKey, id.toString());
				if (earlier.isPresent()) {
					return this.files.find(UUID.fromString(earlier.get()))
						.orElseThrow(() -> new IllegalStateException("File " + earlier.get() + " of an idempotency key is gone"));
				}
			}
			StoredFile created = new StoredFile(id, caller, filename, size, mimeType, "uploads/" + id, null,
					FileStatus.PENDING_UPLOAD, null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null);
			if (idempotencyKey != null) {
				// The claim took over a key that had expired (24 h): its earlier file keeps its row, without the key.
				this.files.releaseKey(caller, idempotencyKey);
			}
			this.files.insert(created, idempotencyKey);
			return created;
		});
		PresignedUrl upload = this.objectStore.presignUpload(file.objectKey());
		return new UploadUrl(upload.url().toString(), file.id().toString(), upload.expiresIn().toSeconds());
	}

	/**
	 * Confirms the caller's upload: the object must exist (404 otherwise) and have the declared size. The checked
	 * bytes are copied, server-side and only if unchanged, to a key no presigned URL writes to; that copy is what
	 * is scanned and served. Then the file is {@code scanning}, {@code file.uploaded} is announced and the scan is
	 * asked for. Confirming a file that left {@code pending_upload} answers it as it is.
	 */
	public FileView confirm(UUID caller, String fileId) {
		StoredFile file = ownFile(caller, fileId);
		if (file.status() != FileStatus.PENDING_UPLOAD) {
			return view(file, caller);
		}
		StoredObject uploaded = this.objectStore.head(file.objectKey())
			.orElseThrow(() -> ApiProblemException.notFound("file_not_uploaded",
					"Nothing was uploaded for file " + fileId + " yet: PUT it to the presigned URL, then confirm"));
		if (uploaded.size() >= this.properties.maxSize().toBytes()) {
			this.objectStore.delete(file.objectKey());
			throw ApiProblemException.invalid("file_too_large", "size",
					"the uploaded object has " + uploaded.size() + " bytes; it must be less than "
							+ this.properties.maxSize().toBytes());
		}
		if (uploaded.size() != file.size()) {
			this.objectStore.delete(file.objectKey());
			throw ApiProblemException.invalid("file_size_mismatch", "size", "the uploaded object has "
					+ uploaded.size() + " bytes, not the " + file.size() + " declared; upload it again, then confirm");
		}
		String storedKey = "files/" + file.id();
		if (!this.objectStore.copyIfUnchanged(file.objectKey(), uploaded.etag(), storedKey)) {
			throw ApiProblemException.conflict("upload_changed",
					"The upload of file " + fileId + " changed while it was being confirmed; confirm again");
		}
		Optional<StoredFile> scanning = this.transaction.execute((status) -> {
			Optional<StoredFile> started = this.files.startScan(file.id(), storedKey);
			started.ifPresent((confirmed) -> this.outbox.append(EventType.FILE_UPLOADED, caller.toString(),
					confirmed.id().toString(), new FileUploaded(confirmed.id().toString(), caller.toString(),
							confirmed.filename(), confirmed.size(), confirmed.mimeType(), confirmed.confirmedAt())));
			return started;
		});
		if (scanning.isEmpty()) {
			return view(this.files.find(file.id()).orElseThrow(), caller);
		}
		this.dispatcher.wakeUp();
		deleteQuietly(file.objectKey());
		return view(scanning.get(), caller);
	}

	/** The file, if the caller may read it; a download URL when it is scanned. */
	public FileView find(UUID caller, String fileId) {
		return FileRules.id(fileId)
			.flatMap((id) -> this.files.findReadable(id, caller))
			.map((file) -> view(file, caller))
			.orElseThrow(() -> notFound(fileId));
	}

	/**
	 * Records the scanner's verdict on a file still {@code scanning} and announces it ({@code file.scanned}); an
	 * infected file's object is deleted. A verdict on a file that has one already changes nothing (a scan asked
	 * for twice answers twice).
	 */
	public void recordVerdict(UUID fileId, ScanVerdict verdict) {
		Optional<StoredFile> finished = this.transaction.execute((status) -> {
			Optional<StoredFile> recorded = this.files.finishScan(fileId, verdict.status(), verdict.signature(),
					verdict.failure());
			recorded.ifPresent((file) -> this.outbox.append(EventType.FILE_SCANNED, null, file.id().toString(),
					new FileScanned(file.id().toString(), file.uploadedBy().toString(), file.status().wireName(),
							file.signature(), file.scannedAt())));
			return recorded;
		});
		finished.ifPresent(this.scanMeters::scanned);
		finished.filter((file) -> file.status() == FileStatus.INFECTED).ifPresent((file) -> {
			log.warn("File {} of {} is infected ({}); its object is deleted", file.id(), file.uploadedBy(), file.signature());
			deleteQuietly(file.storedKey());
		});
	}

	private StoredFile ownFile(UUID caller, String fileId) {
		return FileRules.id(fileId)
			.flatMap(this.files::find)
			.filter((file) -> file.isUploadedBy(caller))
			.orElseThrow(() -> notFound(fileId));
	}

	private FileView view(StoredFile file, UUID caller) {
		String downloadUrl = null;
		Long expiresIn = null;
		if (file.status() == FileStatus.SCANNED) {
			PresignedUrl download = this.objectStore.presignDownload(file.storedKey(), file.mimeType(), file.filename());
			downloadUrl = download.url().toString();
			expiresIn = download.expiresIn().toSeconds();
		}
		String signature = file.isUploadedBy(caller) ? file.signature() : null;
		return new FileView(file.id().toString(), file.filename(), file.size(), file.mimeType(),
				file.status().wireName(), file.uploadedBy().toString(), file.createdAt(), file.scannedAt(), signature,
				downloadUrl, expiresIn);
	}

	/** An object no longer needed; one left behind wastes space, never leaks (no URL is ever issued for it). */
	private void deleteQuietly(String key) {
		try {
			this.objectStore.delete(key);
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete object {}: {}", key, ex.toString());
		}
	}

	static ApiProblemException notFound(String fileId) {
		return ApiProblemException.notFound("file_not_found", "No file " + fileId);
	}

}
