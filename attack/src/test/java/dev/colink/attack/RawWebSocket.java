package dev.colink.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket handshake written byte for byte (any path spelling, any header, as a hostile client sends it), and
 * whatever the server says after it: the status of the answer and the first text frame, if one comes in time.
 */
final class RawWebSocket {

	/** The handshake's status, and the first text frame after a 101 (null when none came before a close or the wait). */
	record Outcome(int status, String firstText) {
	}

	private RawWebSocket() {
	}

	static Outcome attempt(String target, Map<String, String> headers, Duration wait) {
		URI gateway = URI.create(System.getenv().getOrDefault("COLINK_GATEWAY_URL", "http://127.0.0.1:8080"));
		try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
			socket.setSoTimeout((int) wait.toMillis());
			StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\n")
				.append("Host: ").append(gateway.getHost()).append(':').append(gateway.getPort()).append("\r\n")
				.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
				.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[16])).append("\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = line(in);
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			while (!line(in).isEmpty()) {
				// the rest of the head
			}
			if (status != 101) {
				return new Outcome(status, null);
			}
			return new Outcome(status, firstText(in));
		}
		catch (SocketTimeoutException ex) {
			return new Outcome(101, null);
		}
		catch (IOException ex) {
			return new Outcome(-1, null);
		}
	}

	/** Server frames are unmasked: opcode, length (7, 16 or 64 bits), payload. Text is opcode 1; close ends it. */
	private static String firstText(InputStream in) throws IOException {
		while (true) {
			int first = in.read();
			int second = in.read();
			if (first < 0 || second < 0) {
				return null;
			}
			long length = second & 0x7F;
			if (length == 126) {
				length = (in.read() << 8) | in.read();
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | in.read();
				}
			}
			byte[] payload = in.readNBytes((int) Math.min(length, 1 << 20));
			int opcode = first & 0x0F;
			if (opcode == 1) {
				return new String(payload, StandardCharsets.UTF_8);
			}
			if (opcode == 8) {
				return null;
			}
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			if (b != '\r') {
				line.write(b);
			}
		}
		if (b < 0 && line.size() == 0) {
			throw new IOException("closed");
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

}
