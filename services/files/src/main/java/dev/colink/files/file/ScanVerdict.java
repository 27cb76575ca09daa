package dev.colink.files.file;

import dev.colink.platform.problems.ApiProblemException;

/**
 * The scanner's verdict on a file, as {@code POST /files/{id}/scan-result} carries it.
 *
 * @param status    {@code scanned} (clean), {@code infected} or {@code failed}
 * @param signature the malware found, when infected
 * @param failure   why it could not be scanned, when failed
 */
record ScanVerdict(FileStatus status, String signature, String failure) {

	private static final int MAX_SIGNATURE = 255;

	private static final int MAX_FAILURE = 512;

	/**
	 * The verdict of a request body {@code {status: clean|infected|failed, signature?, reason?}}; an infected
	 * verdict names its signature.
	 */
	static ScanVerdict of(ScanResult result) {
		if (result.status() == null) {
			throw ApiProblemException.invalid("status", "is required");
		}
		return switch (result.status()) {
			case "clean" -> new ScanVerdict(FileStatus.SCANNED, null, null);
			case "infected" -> {
				if (result.signature() == null || result.signature().isBlank()) {
					throw ApiProblemException.invalid("signature", "is required when infected");
				}
				yield new ScanVerdict(FileStatus.INFECTED, clip(result.signature(), MAX_SIGNATURE), null);
			}
			case "failed" -> new ScanVerdict(FileStatus.FAILED, null,
					clip(result.reason() == null ? "the scanner gave no reason" : result.reason(), MAX_FAILURE));
			default -> throw ApiProblemException.invalid("status", "must be clean, infected or failed");
		};
	}

	static ScanVerdict failed(String reason) {
		return new ScanVerdict(FileStatus.FAILED, null, clip(reason, MAX_FAILURE));
	}

	private static String clip(String text, int max) {
		String clean = text.replace('\u0000', ' ');
		return clean.length() <= max ? clean : clean.substring(0, max);
	}

	/** The callback's body. */
	record ScanResult(String status, String signature, String reason) {
	}

}
