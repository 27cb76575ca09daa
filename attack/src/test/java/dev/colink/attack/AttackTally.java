package dev.colink.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The suite's one summary: each attack records what it sent and what went wrong, and the totals are written, after
 * each record, to {@code target/attack-summary.txt}, which {@code ./colink test} prints at its end. The classes of
 * the module run in one JVM, so the tally sees all of them.
 */
final class AttackTally {

	/** One attack's counts. Leaks: a 2xx where the attack had to be refused, another user's data, a stored write. */
	record Attack(int operations, int variants, long requests, long generated, long fiveXx, long leaks) {
	}

	private static final Map<String, Attack> ATTACKS = new LinkedHashMap<>();

	private static final Path SUMMARY = Path.of("target", "attack-summary.txt");

	private AttackTally() {
	}

	static synchronized void record(String name, Attack attack) {
		ATTACKS.put(name, attack);
		StringBuilder text = new StringBuilder();
		int operations = 0;
		long variants = 0;
		long requests = 0;
		long generated = 0;
		long fiveXx = 0;
		long leaks = 0;
		for (Map.Entry<String, Attack> entry : ATTACKS.entrySet()) {
			Attack a = entry.getValue();
			text.append(String.format("  %-34s %3d operations, %4d variants, %6d requests, %d 5xx, %d leaks%n",
					entry.getKey(), a.operations(), a.variants(), a.requests(), a.fiveXx(), a.leaks()));
			operations = Math.max(operations, a.operations());
			variants += a.variants();
			requests += a.requests();
			generated += a.generated();
			fiveXx += a.fiveXx();
			leaks += a.leaks();
		}
		String total = String.format("Attack suite: %d operations, %d variants, %d requests (%d generated), %d 5xx, %d leaks",
				operations, variants, requests, generated, fiveXx, leaks);
		System.out.println(total);
		try {
			Files.createDirectories(SUMMARY.getParent());
			Files.writeString(SUMMARY, total + System.lineSeparator() + text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
