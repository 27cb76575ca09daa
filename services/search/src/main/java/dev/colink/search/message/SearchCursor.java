package dev.colink.search.message;

import java.util.List;

import org.opensearch.client.opensearch._types.FieldValue;

import dev.colink.platform.Cursors;

/**
 * The opaque {@code cursor} of search results: the sort values of a page's last hit (score, creation time,
 * message id), from which the next page continues ({@code search_after}).
 */
final class SearchCursor {

	private SearchCursor() {
	}

	static String of(List<FieldValue> sortValues) {
		String plain = sortValues.get(0).doubleValue() + "|" + sortValues.get(1).longValue() + "|"
				+ sortValues.get(2).stringValue();
		return Cursors.encode(plain);
	}

	/** The sort values a cursor carries, or a 400 naming {@code cursor}. */
	static List<FieldValue> parse(String cursor) {
		try {
			String[] parts = Cursors.decode(cursor).split("\\|", 3);
			if (parts.length != 3 || parts[2].isEmpty()) {
				throw new IllegalArgumentException("three parts expected");
			}
			return List.of(FieldValue.of(Double.parseDouble(parts[0])), FieldValue.of(Long.parseLong(parts[1])),
					FieldValue.of(parts[2]));
		}
		catch (IllegalArgumentException ex) {
			throw Cursors.invalid();
		}
	}

}
