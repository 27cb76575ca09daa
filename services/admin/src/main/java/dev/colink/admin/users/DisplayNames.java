package dev.colink.admin.users;

/**
 * A Colink display name as Keycloak's first and last name. Keycloak's user profile wants both (a user missing one
 * is sent to a "complete your profile" page at sign-in, which the headless sign-in cannot pass), so a one-word
 * name goes into both and comes back as one word.
 */
final class DisplayNames {

	record Split(String firstName, String lastName) {
	}

	private DisplayNames() {
	}

	static Split split(String displayName) {
		String name = displayName.strip();
		int space = name.indexOf(' ');
		if (space < 0) {
			return new Split(name, name);
		}
		return new Split(name.substring(0, space), name.substring(space + 1).strip());
	}

	static String join(String firstName, String lastName) {
		String first = (firstName != null) ? firstName.strip() : "";
		String last = (lastName != null) ? lastName.strip() : "";
		if (first.isEmpty() || last.isEmpty() || first.equals(last)) {
			return first.isEmpty() ? last : first;
		}
		return first + " " + last;
	}

}
