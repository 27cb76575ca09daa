package dev.colink.realtime.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that completes the handshake and then never reads again, with a tiny receive buffer: what a
 * phone on a dead network or a frozen app looks like to the server. (A JDK WebSocket client keeps reading from the
 * socket whatever its listener asks for, so it cannot play this part.)
 */
final class StalledClient implements AutoCloseable {

	private final Socket socket;

	StalledClient(int port, String bearerToken) throws IOException {
		this.socket = new Socket();
		this.socket.setReceiveBufferSize(4096);
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		byte[] nonce = new byte[16];
		new java.security.SecureRandom().nextBytes(nonce);
		String request = "GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: Bearer " + bearerToken + "\r\n\r\n";
		OutputStream out = this.socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = this.socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed during the handshake: " + head);
			}
			head.append((char) b);
		}
		if (!head.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("handshake refused: " + head);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
