package dev.colink.security.testing;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The running local stack's own command, for tests that stop and start one of its servers (an outage). */
public final class LocalStack {

	private LocalStack() {
	}

	/** Runs {@code ./colink <args>} from the repository root, e.g. {@code stop kafka}, and checks it succeeded. */
	public static void colink(String... args) {
		File root = new File(System.getProperty("user.dir")).getAbsoluteFile();
		while (root != null && !new File(root, "colink").isFile()) {
			root = root.getParentFile();
		}
		if (root == null) {
			throw new IllegalStateException("No ./colink above " + System.getProperty("user.dir"));
		}
		List<String> command = new ArrayList<>(List.of("./colink"));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).directory(root).inheritIO().start();
			if (!process.waitFor(180, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("./colink " + String.join(" ", args) + " did not finish in 180 s");
			}
			if (process.exitValue() != 0) {
				throw new AssertionError("./colink " + String.join(" ", args) + " exited with " + process.exitValue());
			}
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Could not run ./colink " + String.join(" ", args), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
