package dev.colink.security.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Keycloak accepts a TOTP code once. Test JVMs of several modules log the same user in during one run, so they
 * share a ledger of the last step used per user (a locked file in the temp directory) and wait for the next step
 * rather than sending a code Keycloak would refuse (and count as a failure towards the brute-force lock).
 */
public final class TotpSteps {

	private static final Path LEDGER = Path.of(System.getProperty("java.io.tmpdir"), "colink-totp-steps");

	private TotpSteps() {
	}

	/** A code for the user that no earlier test has sent, waiting up to one step for it. */
	public static String unusedCode(String username, String base32Secret) {
		try {
			Files.createDirectories(LEDGER);
			try (FileChannel channel = FileChannel.open(LEDGER.resolve(username), StandardOpenOption.CREATE,
					StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				long lastUsed = readStep(channel);
				await().atMost(Duration.ofSeconds(Totp.PERIOD_SECONDS + 5))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> Totp.currentStep() > lastUsed);
				long step = Totp.currentStep();
				channel.truncate(0).write(ByteBuffer.wrap(Long.toString(step).getBytes(StandardCharsets.US_ASCII)), 0);
				return Totp.code(base32Secret, step);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("TOTP ledger unavailable", ex);
		}
	}

	private static long readStep(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(32);
		channel.read(buffer, 0);
		String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
		return text.isEmpty() ? 0 : Long.parseLong(text);
	}

}
