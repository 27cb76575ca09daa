package dev.colink.messaging.message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.colink.platform.problems.ApiProblemException;

/** The rules a message's input must meet, each refusal naming its field (400). */
final class MessageRules {

	static final int MAX_TEXT_LENGTH = 16_000;

	static final int MAX_FILES = 10;

	private MessageRules() {
	}

	/** The text of a message: not empty unless files come with it, at most 16,000 characters, no NUL. */
	static String text(String text, boolean hasFiles) {
		if (text == null || text.isBlank()) {
			if (hasFiles) {
				return "";
			}
			throw ApiProblemException.invalid("text", "must not be empty");
		}
		if (text.length() > MAX_TEXT_LENGTH && text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
			throw ApiProblemException.invalid("text", "must be at most " + MAX_TEXT_LENGTH + " characters");
		}
		if (text.indexOf('\u0000') >= 0) {
			throw ApiProblemException.invalid("text", "must not contain NUL characters");
		}
		return text;
	}

	/** The attached files' ids in their order: at most ten, each once. */
	static List<UUID> fileIds(List<String> fileIds) {
		if (fileIds == null || fileIds.isEmpty()) {
			return List.of();
		}
		if (fileIds.size() > MAX_FILES) {
			throw ApiProblemException.invalid("fileIds", "must hold at most " + MAX_FILES + " files");
		}
		List<UUID> ids = new ArrayList<>(fileIds.size());
		Set<UUID> seen = new HashSet<>();
		for (int i = 0; i < fileIds.size(); i++) {
			String field = "fileIds[" + i + "]";
			UUID id = uuid(fileIds.get(i)).orElseThrow(() -> ApiProblemException.invalid(field, "is not a file id"));
			if (!seen.add(id)) {
				throw ApiProblemException.invalid(field, "repeats a file already attached");
			}
			ids.add(id);
		}
		return List.copyOf(ids);
	}

	static Optional<UUID> uuid(String id) {
		if (id == null || id.length() != 36) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
