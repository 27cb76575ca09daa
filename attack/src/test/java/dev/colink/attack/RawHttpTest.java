package dev.colink.attack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RawHttp against a canned local server: framing of answers, source address, waiting out a 429. No stack needed. */
class RawHttpTest {

	@Test
	void readsContentLengthChunkedAndCloseDelimitedBodies() throws Exception {
		try (Canned server = new Canned((request) -> switch (request.split(" ")[1]) {
			case "/length" -> "HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: 2\r\n\r\n{}";
			case "/chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
			default -> "HTTP/1.1 200 OK\r\n\r\nuntil close";
		})) {
			RawHttp http = new RawHttp("127.0.0.1", server.port());
			RawHttp.Response length = http.send(http.request("GET", "/length", Map.of(), null));
			assertThat(length.status()).isEqualTo(400);
			assertThat(length.mediaType()).isEqualTo("application/problem+json");
			assertThat(length.bodyText()).isEqualTo("{}");
			assertThat(http.send(http.request("GET", "/chunked", Map.of(), null)).bodyText()).isEqualTo("abcde");
			assertThat(http.send(http.request("GET", "/close", Map.of(), null)).bodyText()).isEqualTo("until close");
		}
	}

	@Test
	void sendsTheBytesAsGivenFromTheChosenSourceAddress() throws Exception {
		try (Canned server = new Canned((request) -> "HTTP/1.1 204 No Content\r\n\r\n")) {
			RawHttp http = new RawHttp("127.0.0.1", server.port()).from(RawHttp.loopback(2).get(1));
			byte[] request = http.chunkedRequest("POST", "/v1/a%00//b", Map.of("X-Odd", "é"), "hello".getBytes(), 2);
			assertThat(http.send(request).status()).isEqualTo(204);
			assertThat(server.sources()).containsExactly(InetAddress.getByName("127.0.0.3"));
			assertThat(server.requests().get(0)).startsWith("POST /v1/a%00//b HTTP/1.1\r\n")
				.contains("Transfer-Encoding: chunked\r\n")
				.endsWith("\r\n\r\n2\r\nhe\r\n2\r\nll\r\n1\r\no\r\n0\r\n\r\n");
		}
	}

	@Test
	void aRateLimitedRequestIsSentAgainAfterItsRetryAfter() throws Exception {
		try (Canned server = new Canned((request) -> "HTTP/1.1 204 No Content\r\n\r\n")) {
			server.first = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n";
			RawHttp http = new RawHttp("127.0.0.1", server.port());
			assertThat(http.exchange(http.request("GET", "/", Map.of(), null)).status()).isEqualTo(204);
			assertThat(server.requests()).hasSize(2);
		}
	}

	/** Answers each connection's request (read up to the end of its headers and chunked body) with a canned answer. */
	private static final class Canned implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private final List<InetAddress> sources = new CopyOnWriteArrayList<>();

		private volatile String first;

		Canned(Function<String, String> answers) throws IOException {
			Thread server = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try (Socket client = this.socket.accept()) {
						String request = readRequest(client.getInputStream());
						this.requests.add(request);
						this.sources.add(client.getInetAddress());
						String answer = (this.first != null) ? this.first : answers.apply(request);
						this.first = null;
						client.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
					}
					catch (IOException ex) {
						// closed
					}
				}
			});
			server.setDaemon(true);
			server.start();
		}

		private static String readRequest(InputStream in) throws IOException {
			StringBuilder request = new StringBuilder();
			int b;
			while ((b = in.read()) != -1) {
				request.append((char) b);
				String text = request.toString();
				boolean headersDone = text.contains("\r\n\r\n");
				if (headersDone && (!text.contains("Transfer-Encoding: chunked") || text.endsWith("\r\n0\r\n\r\n"))) {
					break;
				}
			}
			return new String(request.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		List<String> requests() {
			return this.requests;
		}

		List<InetAddress> sources() {
			return this.sources;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
