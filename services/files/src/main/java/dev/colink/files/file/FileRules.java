package dev.colink.files.file;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.colink.platform.problems.ApiProblemException;

/** The checks of an upload request, each a 400 naming its field. */
final class FileRules {

	static final int MAX_FILENAME_LENGTH = 255;

	/** Names Windows refuses for a file, whatever the extension. */
	private static final Pattern WINDOWS_RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

	private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

	private FileRules() {
	}

	/**
	 * The name to store: the last segment of what the client sent (no directories), NFC, without control and
	 * format characters (no NUL, no right-to-left override hiding an extension), without leading or trailing
	 * blanks and trailing dots, at most {@value #MAX_FILENAME_LENGTH} characters with its extension kept.
	 */
	static String filename(String filename) {
		if (filename == null || filename.isBlank()) {
			throw ApiProblemException.invalid("filename", "is required");
		}
		String name = Normalizer.normalize(filename, Normalizer.Form.NFC);
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		StringBuilder kept = new StringBuilder(name.length());
		name.codePoints().filter((c) -> {
			int type = Character.getType(c);
			return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
					&& type != Character.UNASSIGNED && type != Character.PRIVATE_USE;
		}).forEach(kept::appendCodePoint);
		name = kept.toString().strip();
		while (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1).strip();
		}
		if (name.isEmpty() || name.equals("..")) {
			throw ApiProblemException.invalid("filename", "has no usable characters");
		}
		if (WINDOWS_RESERVED.matcher(name).matches()) {
			name = "_" + name;
		}
		return truncate(name);
	}

	/** The declared size: at least 1 byte, below the limit ({@code file_too_large} otherwise). */
	static long size(Long size, long maxSize) {
		if (size == null) {
			throw ApiProblemException.invalid("size", "is required");
		}
		if (size < 1) {
			throw ApiProblemException.invalid("size", "must be at least 1 byte");
		}
		if (size >= maxSize) {
			throw ApiProblemException.invalid("file_too_large", "size", "must be less than " + maxSize + " bytes");
		}
		return size;
	}

	/** The media type, lower case without parameters, if on the allow-list ({@code unsupported_media_type} otherwise). */
	static String mimeType(String mimeType, Set<String> allowed) {
		if (mimeType == null || mimeType.isBlank()) {
			throw ApiProblemException.invalid("mimeType", "is required");
		}
		int parameters = mimeType.indexOf(';');
		String type = (parameters >= 0 ? mimeType.substring(0, parameters) : mimeType).strip().toLowerCase(Locale.ROOT);
		if (!MIME_TYPE.matcher(type).matches()) {
			throw ApiProblemException.invalid("mimeType", "is not a media type");
		}
		if (!allowed.contains(type)) {
			throw ApiProblemException.invalid("unsupported_media_type", "mimeType", type + " may not be uploaded");
		}
		return type;
	}

	/** A file id from a path: a UUID, or nothing (answered 404 like an unknown file). */
	static Optional<UUID> id(String id) {
		try {
			return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static String truncate(String name) {
		if (name.codePointCount(0, name.length()) <= MAX_FILENAME_LENGTH) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0 && name.length() - dot <= 16) ? name.substring(dot) : "";
		String base = name.substring(0, name.length() - extension.length());
		int keep = MAX_FILENAME_LENGTH - extension.codePointCount(0, extension.length());
		return base.substring(0, base.offsetByCodePoints(0, keep)).strip() + extension;
	}

}
