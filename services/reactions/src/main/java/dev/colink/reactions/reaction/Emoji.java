package dev.colink.reactions.reaction;

import java.text.Normalizer;
import java.util.regex.Pattern;

import dev.colink.platform.problems.ApiProblemException;

/**
 * What may be a reaction: one Unicode emoji (with its skin tone, variation selector, keycap, flag or ZWJ sequence)
 * or a {@code :short_name:} of lowercase letters, digits, {@code _}, {@code +} and {@code -}. Anything else, text
 * with an emoji in it included, is a 400 naming {@code emoji}.
 */
final class Emoji {

	/** Longer than any emoji sequence Unicode defines (a family with skin tones is 20 UTF-16 units). */
	private static final int MAX_UNICODE_LENGTH = 32;

	private static final Pattern SHORT_NAME = Pattern.compile(":[a-z0-9_+\\-]{1,60}:");

	private static final int ZWJ = 0x200D;

	private static final int KEYCAP = 0x20E3;

	private Emoji() {
	}

	/** The emoji as stored (Unicode ones in NFC), or a 400. */
	static String checked(String emoji) {
		if (emoji == null || emoji.isEmpty()) {
			throw ApiProblemException.invalid("invalid_emoji", "emoji", "is required");
		}
		if (emoji.charAt(0) == ':') {
			if (SHORT_NAME.matcher(emoji).matches()) {
				return emoji;
			}
			throw ApiProblemException.invalid("invalid_emoji", "emoji",
					"a short name is :name: with 1 to 60 lowercase letters, digits, _, + or -");
		}
		String normalized = Normalizer.normalize(emoji, Normalizer.Form.NFC);
		if (normalized.length() > MAX_UNICODE_LENGTH || !isOneEmoji(normalized)) {
			throw ApiProblemException.invalid("invalid_emoji", "emoji", "must be one Unicode emoji or a :short_name:");
		}
		return normalized;
	}

	/**
	 * One emoji: pictographs joined by ZWJ, each optionally followed by modifiers; a keycap ({@code 1️⃣}); or a flag
	 * (two regional indicators, or a black flag with tag characters).
	 */
	private static boolean isOneEmoji(String text) {
		int[] points = text.codePoints().toArray();
		if (points.length >= 2 && isKeycapBase(points[0])) {
			return (points.length == 2 && points[1] == KEYCAP)
					|| (points.length == 3 && points[1] == 0xFE0F && points[2] == KEYCAP);
		}
		if (isRegionalIndicator(points[0])) {
			return points.length == 2 && isRegionalIndicator(points[1]);
		}
		boolean expectPictograph = true;
		for (int i = 0; i < points.length; i++) {
			int point = points[i];
			if (expectPictograph) {
				if (!isPictograph(point)) {
					return false;
				}
				expectPictograph = false;
			}
			else if (point == ZWJ) {
				expectPictograph = true;
			}
			else if (!isModifier(point)) {
				return false;
			}
		}
		return !expectPictograph;
	}

	private static boolean isKeycapBase(int point) {
		return (point >= '0' && point <= '9') || point == '#' || point == '*';
	}

	private static boolean isRegionalIndicator(int point) {
		return point >= 0x1F1E6 && point <= 0x1F1FF;
	}

	/** Extended pictographic code points (Unicode's emoji data, by block). */
	private static boolean isPictograph(int point) {
		return (point >= 0x1F000 && point <= 0x1FAFF && !(point >= 0x1F3FB && point <= 0x1F3FF)
				&& !isRegionalIndicator(point))
				|| (point >= 0x2600 && point <= 0x27BF) || (point >= 0x2300 && point <= 0x23FF)
				|| (point >= 0x2B00 && point <= 0x2BFF) || (point >= 0x2190 && point <= 0x21FF)
				|| (point >= 0x25A0 && point <= 0x25FF) || (point >= 0x2900 && point <= 0x297F)
				|| point == 0x00A9 || point == 0x00AE || point == 0x203C || point == 0x2049 || point == 0x2122
				|| point == 0x2139 || point == 0x24C2 || point == 0x3030 || point == 0x303D || point == 0x3297
				|| point == 0x3299;
	}

	/** Skin tones, variation selectors and the tag characters of subdivision flags. */
	private static boolean isModifier(int point) {
		return (point >= 0x1F3FB && point <= 0x1F3FF) || point == 0xFE0F || point == 0xFE0E
				|| (point >= 0xE0020 && point <= 0xE007F);
	}

}
