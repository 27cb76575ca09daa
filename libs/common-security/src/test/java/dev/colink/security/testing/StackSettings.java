package dev.colink.security.testing;

/** The running stack's settings, as {@code ./colink test} passes them to the tests (from {@code .colink/stack.env}). */
public final class StackSettings {

	private StackSettings() {
	}

	/** A setting the local stack generates (a secret of this installation): there is no value to fall back on. */
	public static String required(String name) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(name + " is not set: run the tests with the local stack's settings "
					+ "(set -a; source .colink/stack.env; set +a), as ./colink test does");
		}
		return value;
	}

	/** A setting with the local stack's default. */
	public static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
