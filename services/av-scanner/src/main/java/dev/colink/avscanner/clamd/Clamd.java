package dev.colink.avscanner.clamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Client of clamd's TCP protocol (null-terminated "z" commands, one command per connection).
 * <p>
 * A scan sends {@code zINSTREAM\0}, then the content as chunks each prefixed by its length (4 bytes, big-endian),
 * then a zero-length chunk, and reads the NUL-terminated reply: {@code stream: OK}, {@code stream: <name> FOUND},
 * or {@code <message> ERROR}. Anything but OK or FOUND, and any I/O failure, is {@link ScanVerdict.Failed}.
 */
public class Clamd {

	private static final String FOUND = " FOUND";

	private static final String STREAM_PREFIX = "stream: ";

	/** Replies are one short line; a longer one is not clamd's. */
	private static final int MAX_REPLY = 4096;

	private final ClamdProperties properties;

	public Clamd(ClamdProperties properties) {
		this.properties = properties;
	}

	/** Streams {@code content} to clamd chunk by chunk (the caller closes it) and returns the verdict. */
	public ScanVerdict scan(InputStream content) {
		try (Socket socket = connect(this.properties.readTimeout())) {
			OutputStream out = socket.getOutputStream();
			try {
				out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
				sendChunks(content, out);
				out.flush();
			}
			catch (SourceFailure ex) {
				return new ScanVerdict.Failed("could not read the content to scan: " + ex.getCause().getMessage());
			}
			catch (IOException ex) {
				// clamd answers an error (e.g. "INSTREAM size limit exceeded. ERROR") and closes while we still
				// write: the write fails, but its reply may already be there and says why.
				return new ScanVerdict.Failed(replyAfterWriteFailure(socket, ex));
			}
			return verdict(readReply(socket));
		}
		catch (IOException ex) {
			return new ScanVerdict.Failed("clamd at " + address() + ": " + describe(ex));
		}
	}

	/** True when clamd answers {@code zPING} with {@code PONG} within the connect timeout. */
	public boolean ping() {
		try (Socket socket = connect(this.properties.connectTimeout())) {
			socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return "PONG".equals(readReply(socket));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** host:port of the clamd this client talks to. */
	public String address() {
		return this.properties.host() + ":" + this.properties.port();
	}

	private Socket connect(Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(this.properties.host(), this.properties.port()),
					(int) this.properties.connectTimeout().toMillis());
			socket.setSoTimeout((int) readTimeout.toMillis());
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Sends the content as length-prefixed chunks and the terminating zero-length chunk. Each chunk goes out in one
	 * write, its 4-byte length in front of the data in the same buffer. A failure to read the content is thrown as
	 * {@link SourceFailure}, and then no terminating chunk is sent: clamd must not scan a truncated stream.
	 */
	private void sendChunks(InputStream content, OutputStream out) throws IOException {
		int chunkSize = (int) this.properties.chunkSize().toBytes();
		byte[] buffer = new byte[4 + chunkSize];
		while (true) {
			int read;
			try {
				read = content.readNBytes(buffer, 4, chunkSize);
			}
			catch (IOException ex) {
				throw new SourceFailure(ex);
			}
			buffer[0] = (byte) (read >>> 24);
			buffer[1] = (byte) (read >>> 16);
			buffer[2] = (byte) (read >>> 8);
			buffer[3] = (byte) read;
			out.write(buffer, 0, 4 + read);
			if (read == 0) {
				return;
			}
		}
	}

	private String replyAfterWriteFailure(Socket socket, IOException writeFailure) {
		String failure = "clamd at " + address() + " stopped reading the stream (" + describe(writeFailure) + ")";
		try {
			String reply = readReply(socket);
			return reply.isEmpty() ? failure : failure + ": " + reply;
		}
		catch (IOException ex) {
			return failure;
		}
	}

	/** Reads up to the terminating NUL (or the end of the stream). */
	private static String readReply(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream reply = new ByteArrayOutputStream(64);
		int b;
		while ((b = in.read()) > 0 && reply.size() < MAX_REPLY) {
			reply.write(b);
		}
		return reply.toString(StandardCharsets.US_ASCII).strip();
	}

	private ScanVerdict verdict(String reply) {
		if (reply.equals(STREAM_PREFIX + "OK")) {
			return new ScanVerdict.Clean();
		}
		if (reply.startsWith(STREAM_PREFIX) && reply.endsWith(FOUND)) {
			return new ScanVerdict.Infected(
					reply.substring(STREAM_PREFIX.length(), reply.length() - FOUND.length()).strip());
		}
		return new ScanVerdict.Failed(reply.isEmpty() ? "clamd at " + address() + " closed without a verdict"
				: "clamd at " + address() + " answered: " + reply);
	}

	private static String describe(IOException ex) {
		return ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "");
	}

	/** The content to scan could not be read (as opposed to clamd's side of the connection failing). */
	private static final class SourceFailure extends IOException {

		SourceFailure(IOException cause) {
			super(cause);
		}

	}

}
