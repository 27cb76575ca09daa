package dev.colink.avscanner.clamd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against the real clamd of the running stack (COLINK_CLAMD_HOST / COLINK_CLAMD_PORT). */
class ClamdTest {

	/** clamd's StreamMaxLength on the local stack is 110M; this is just above it. */
	private static final long OVER_STREAM_MAX_LENGTH = 111L * 1024 * 1024;

	/** Far enough above it that clamd closes while the client still writes (the write fails with a broken pipe). */
	private static final long FAR_OVER_STREAM_MAX_LENGTH = 300L * 1024 * 1024;

	private final Clamd clamd = new Clamd(properties(env("COLINK_CLAMD_HOST", "127.0.0.1"),
			Integer.parseInt(env("COLINK_CLAMD_PORT", "3310"))));

	@Test
	void findsEicar() {
		assertInfected(this.clamd.scan(new ByteArrayInputStream(eicar())));
	}

	@Test
	void findsEicarFollowedByANewline() {
		assertInfected(this.clamd.scan(new ByteArrayInputStream(concat(eicar(), "\n".getBytes(StandardCharsets.US_ASCII)))));
	}

	@Test
	void findsEicarInsideAZip() throws IOException {
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip)) {
			out.putNextEntry(new ZipEntry("readme.txt"));
			out.write("nothing to see here\n".getBytes(StandardCharsets.US_ASCII));
			out.putNextEntry(new ZipEntry("docs/eicar.com"));
			out.write(eicar());
		}
		assertInfected(this.clamd.scan(new ByteArrayInputStream(zip.toByteArray())));
	}

	@Test
	void passesCleanText() {
		byte[] text = "Minutes of the Monday stand-up: ship the release on Thursday.\n".repeat(2000)
			.getBytes(StandardCharsets.UTF_8);
		assertThat(this.clamd.scan(new ByteArrayInputStream(text))).isEqualTo(new ScanVerdict.Clean());
	}

	@Test
	void streamOverTheSizeLimitIsNotScannedRatherThanClean() {
		assertThat(this.clamd.scan(new GeneratedStream(OVER_STREAM_MAX_LENGTH, null)))
			.isInstanceOf(ScanVerdict.Failed.class);
		assertThat(this.clamd.scan(new GeneratedStream(FAR_OVER_STREAM_MAX_LENGTH, null)))
			.isInstanceOf(ScanVerdict.Failed.class);
	}

	@Test
	void contentThatCannotBeReadIsNotScanned() {
		ScanVerdict verdict = this.clamd.scan(new GeneratedStream(1024 * 1024, new IOException("object store went away")));
		assertThat(verdict).isInstanceOf(ScanVerdict.Failed.class);
		assertThat(((ScanVerdict.Failed) verdict).reason()).contains("object store went away");
	}

	@Test
	void answersPing() {
		assertThat(this.clamd.ping()).isTrue();
	}

	@Test
	void portWhereNothingListensIsDownAndScansFail() throws IOException {
		int freePort;
		try (ServerSocket probe = new ServerSocket(0)) {
			freePort = probe.getLocalPort();
		}
		Clamd nowhere = new Clamd(properties("127.0.0.1", freePort));

		assertThat(nowhere.ping()).isFalse();
		assertThat(nowhere.scan(new ByteArrayInputStream(eicar()))).isInstanceOf(ScanVerdict.Failed.class);
	}

	private static void assertInfected(ScanVerdict verdict) {
		assertThat(verdict).isInstanceOf(ScanVerdict.Infected.class);
		// "Win.Test.EICAR_HDB-1" with the official databases, "Local.Test.EICAR-….UNOFFICIAL" on the local stack.
		assertThat(((ScanVerdict.Infected) verdict).signature()).contains("EICAR");
	}

	/**
	 * The 68-byte EICAR test file, assembled at run time so that neither this source nor its class file contains
	 * it whole (scanners on developers' machines would quarantine them).
	 */
	private static byte[] eicar() {
		byte[] eicar = String.join("", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-", "TEST-FILE!$H+H*")
			.getBytes(StandardCharsets.US_ASCII);
		assertThat(eicar).hasSize(68);
		return eicar;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static ClamdProperties properties(String host, int port) {
		return new ClamdProperties(host, port, Duration.ofSeconds(2), Duration.ofMinutes(5), DataSize.ofKilobytes(64));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/** {@code size} bytes of text generated on the fly (never held in memory), optionally failing at the end. */
	private static final class GeneratedStream extends InputStream {

		private static final byte[] LINE = "all work and no play makes a dull upload\n".getBytes(StandardCharsets.US_ASCII);

		private final long size;

		private final IOException failure;

		private long position;

		GeneratedStream(long size, IOException failure) {
			this.size = size;
			this.failure = failure;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.position >= this.size) {
				if (this.failure != null) {
					throw this.failure;
				}
				return -1;
			}
			int n = (int) Math.min(length, this.size - this.position);
			for (int i = 0; i < n; i++) {
				buffer[offset + i] = LINE[(int) ((this.position + i) % LINE.length)];
			}
			this.position += n;
			return n;
		}

	}

}
