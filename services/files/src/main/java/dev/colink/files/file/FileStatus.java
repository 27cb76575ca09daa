package dev.colink.files.file;

import java.util.Locale;

/** Where a file stands; {@link #wireName()} is the {@code status} of the API and the column. */
public enum FileStatus {

	/** The upload URL was handed out; the upload was not confirmed yet. */
	PENDING_UPLOAD,
	/** Confirmed; the virus scan has not answered yet. */
	SCANNING,
	/** Scanned clean: attachable by the uploader, downloadable by whoever sees a message it is attached to. */
	SCANNED,
	/** Malware found: the object is deleted, and the file is never attachable or downloadable. */
	INFECTED,
	/** It could not be scanned: never attachable or downloadable. */
	FAILED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static FileStatus of(String wireName) {
		return valueOf(wireName.toUpperCase(Locale.ROOT));
	}

}
