package dev.colink.threads.thread;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.colink.platform.Ids;
import dev.colink.platform.idempotency.IdempotencyKeys;
import dev.colink.platform.problems.ApiProblemException;

/**
 * The rules messaging holds a reply's input to, checked before the thread opens: a reply messaging would refuse
 * must not leave a thread (and its {@code thread.created}) behind. Messaging still checks them too; these are its
 * refusals, field for field (its {@code MessageRules}).
 */
final class ReplyRules {

	static final int MAX_TEXT_LENGTH = 16_000;

	static final int MAX_FILES = 10;

	private ReplyRules() {
	}

	static void check(ThreadRequest request) {
		IdempotencyKeys.requestKey(request.idempotencyKey());
		List<String> fileIds = request.fileIds();
		boolean hasFiles = fileIds != null && !fileIds.isEmpty();
		String text = request.text();
		if (text == null || text.isBlank()) {
			if (!hasFiles) {
				throw ApiProblemException.invalid("text", "must not be empty");
			}
		}
		else if (text.length() > MAX_TEXT_LENGTH && text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
			throw ApiProblemException.invalid("text", "must be at most " + MAX_TEXT_LENGTH + " characters");
		}
		else if (text.indexOf('\u0000') >= 0) {
			throw ApiProblemException.invalid("text", "must not contain NUL characters");
		}
		if (!hasFiles) {
			return;
		}
		if (fileIds.size() > MAX_FILES) {
			throw ApiProblemException.invalid("fileIds", "must hold at most " + MAX_FILES + " files");
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < fileIds.size(); i++) {
			String field = "fileIds[" + i + "]";
			String id = Ids.uuid(fileIds.get(i))
				.orElseThrow(() -> ApiProblemException.invalid(field, "is not a file id"))
				.toString();
			if (!seen.add(id)) {
				throw ApiProblemException.invalid(field, "repeats a file already attached");
			}
		}
	}

}
