package dev.colink.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

/**
 * A minimal HTTP/1.1 client over a plain socket, for requests no well-behaved client sends: the bytes go on the wire
 * exactly as given (any spelling of the path, any header, oversize headers, bodies over 1 MB, chunked or lying
 * framing), and the answer is read back whether it comes with a Content-Length, chunked, or until the server closes.
 * One connection per request. The socket can be bound to a chosen loopback source address (127.0.0.x), so that
 * generated traffic spreads over several of the gateway's per-IP rate-limit buckets instead of lifting the limit.
 *
 * <pre>{@code
 * RawHttp http = RawHttp.gateway().from(RawHttp.loopback(3));
 * RawHttp.Response answer = http.exchange(RawHttp.request("GET", "/v1/channels/%00", Map.of("Authorization", "Bearer " + token), null));
 * }</pre>
 */
public final class RawHttp {

	private static final byte[] CRLF = { '\r', '\n' };

	/** How long to wait for an answer by default (connect, and then between two reads). */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** How many 429s {@link #exchange} waits out before it hands the 429 back. */
	private static final int RATE_LIMIT_RETRIES = 20;

	private final String host;

	private final int port;

	private final InetAddress source;

	private final Duration timeout;

	/** An answer: status line, headers (names in lower case, in arrival order) and the body as received (unchunked). */
	public record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {

		/** The first value of a header, or null. */
		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		/** The media type of the body without parameters, lower case; "" when none. */
		public String mediaType() {
			String type = header("Content-Type");
			return (type == null) ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		}

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			String text = bodyText();
			return this.status + " " + this.reason + " " + mediaType() + " "
					+ ((text.length() > 300) ? text.substring(0, 300) + "..." : text);
		}

	}

	public RawHttp(String host, int port) {
		this(host, port, null, TIMEOUT);
	}

	private RawHttp(String host, int port, InetAddress source, Duration timeout) {
		this.host = host;
		this.port = port;
		this.source = source;
		this.timeout = timeout;
	}

	/** The running stack's gateway (COLINK_GATEWAY_URL, default http://127.0.0.1:8080). */
	public static RawHttp gateway() {
		URI url = URI.create(System.getenv().getOrDefault("COLINK_GATEWAY_URL", "http://127.0.0.1:8080"));
		return new RawHttp(url.getHost(), (url.getPort() != -1) ? url.getPort() : 80);
	}

	/** The same client with its socket bound to this local address (null: the system's choice). */
	public RawHttp from(InetAddress sourceAddress) {
		return new RawHttp(this.host, this.port, sourceAddress, this.timeout);
	}

	/** The same client with another read and connect timeout. */
	public RawHttp timeout(Duration readTimeout) {
		return new RawHttp(this.host, this.port, this.source, readTimeout);
	}

	/** Loopback source addresses 127.0.0.2 up to 127.0.0.(n+1); Linux answers the whole of 127/8 on lo. */
	public static List<InetAddress> loopback(int n) {
		List<InetAddress> addresses = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			try {
				addresses.add(InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) (2 + i) }));
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return addresses;
	}

	/** The host header value this client sends by default (host:port). */
	public String authority() {
		return this.host + ":" + this.port;
	}

	/**
	 * A well-formed request for {@link #send}: request line with the target exactly as given, Host, the headers,
	 * Content-Length when there is a body, and Connection: close. A header given here replaces the default of the
	 * same name (e.g. Host); add anything stranger by building the bytes yourself.
	 */
	public byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("Host", authority());
		if (body != null) {
			all.put("Content-Length", Integer.toString(body.length));
		}
		all.put("Connection", "close");
		headers.forEach((name, value) -> {
			all.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
			all.put(name, value);
		});
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		write(bytes, method + " " + target + " HTTP/1.1");
		all.forEach((name, value) -> write(bytes, name + ": " + value));
		bytes.writeBytes(CRLF);
		if (body != null) {
			bytes.writeBytes(body);
		}
		return bytes.toByteArray();
	}

	/** The same as {@link #request} with a body sent chunked (Transfer-Encoding: chunked, chunks of the given size). */
	public byte[] chunkedRequest(String method, String target, Map<String, String> headers, byte[] body, int chunkSize) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Transfer-Encoding", "chunked");
		byte[] head = request(method, target, all, null);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(head);
		for (int offset = 0; offset < body.length; offset += chunkSize) {
			int length = Math.min(chunkSize, body.length - offset);
			write(bytes, Integer.toHexString(length));
			bytes.write(body, offset, length);
			bytes.writeBytes(CRLF);
		}
		write(bytes, "0");
		bytes.writeBytes(CRLF);
		return bytes.toByteArray();
	}

	/** A JSON request with a bearer token (null: none), as {@link #request} builds it. */
	public byte[] json(String method, String target, String token, String jsonBody) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		byte[] body = null;
		if (jsonBody != null) {
			headers.put("Content-Type", "application/json");
			body = jsonBody.getBytes(StandardCharsets.UTF_8);
		}
		return request(method, target, headers, body);
	}

	/**
	 * Sends the bytes and reads one answer; a 429 is waited out (its Retry-After, 1 s when absent) and the request
	 * sent again, up to 20 times, since being rate limited says nothing about the request. Use {@link #send} to see
	 * the 429s.
	 */
	public Response exchange(byte[] request) {
		Response response = send(request);
		for (int retry = 0; response.status() == 429 && retry < RATE_LIMIT_RETRIES; retry++) {
			pause(retryAfter(response));
			response = send(request);
		}
		return response;
	}

	/**
	 * Sends the bytes as they are on a new connection and reads one answer. The request is written by a second
	 * thread while this one reads, so that an answer the server sends before it has read everything (a 413 to a huge
	 * body, then close) is still read. Throws {@link UncheckedIOException} when no answer arrives.
	 */
	public Response send(byte[] request) {
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			if (this.source != null) {
				socket.bind(new InetSocketAddress(this.source, 0));
			}
			socket.connect(new InetSocketAddress(this.host, this.port), (int) this.timeout.toMillis());
			socket.setSoTimeout((int) this.timeout.toMillis());
			AtomicReference<IOException> writeFailure = new AtomicReference<>();
			Thread writer = new Thread(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					for (int offset = 0; offset < request.length; offset += 64 * 1024) {
						out.write(request, offset, Math.min(64 * 1024, request.length - offset));
					}
					out.flush();
				}
				catch (IOException ex) {
					writeFailure.set(ex);
				}
			}, "raw-http-writer");
			writer.setDaemon(true);
			writer.start();
			try {
				return read(socket.getInputStream(), request);
			}
			catch (IOException ex) {
				IOException write = writeFailure.get();
				if (write != null) {
					ex.addSuppressed(write);
				}
				throw new UncheckedIOException("No answer from " + authority() + " to " + firstLine(request) + ": " + ex, ex);
			}
			finally {
				socket.close();
				writer.join();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not connect to " + authority() + " from " + this.source + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Response read(InputStream socketIn, byte[] request) throws IOException {
		InputStream in = new java.io.BufferedInputStream(socketIn, 16 * 1024);
		String statusLine;
		do {
			statusLine = line(in);
			if (statusLine == null) {
				throw new IOException("connection closed before a status line");
			}
			// Skip interim answers (100 Continue).
		}
		while (statusLine.isEmpty() || statusLine.matches("HTTP/1\\.[01] 1\\d\\d.*") && skipHeaders(in));
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("not an HTTP status line: " + statusLine);
		}
		int status = Integer.parseInt(parts[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			if (colon > 0) {
				headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
					.add(header.substring(colon + 1).trim());
			}
		}
		byte[] body;
		String method = firstLine(request).split(" ", 2)[0];
		List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
		List<String> length = headers.getOrDefault("content-length", List.of());
		if ("HEAD".equals(method) || status == 204 || status == 304) {
			body = new byte[0];
		}
		else if (encoding.stream().anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
			body = chunked(in);
		}
		else if (!length.isEmpty()) {
			body = in.readNBytes(Integer.parseInt(length.get(0).trim()));
		}
		else {
			body = in.readAllBytes();
		}
		headers.replaceAll((name, values) -> Collections.unmodifiableList(values));
		return new Response(status, (parts.length > 2) ? parts[2] : "", Collections.unmodifiableMap(headers), body);
	}

	private static boolean skipHeaders(InputStream in) throws IOException {
		for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
			// an interim answer's headers mean nothing here
		}
		return true;
	}

	private static byte[] chunked(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String size = line(in);
			if (size == null) {
				throw new IOException("connection closed inside a chunked body");
			}
			int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
			if (length == 0) {
				skipHeaders(in);
				return body.toByteArray();
			}
			body.writeBytes(in.readNBytes(length));
			line(in);
		}
	}

	/** One line without its CRLF (or LF); null at the end of the stream. */
	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int end = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
			if (line.size() > 1024 * 1024) {
				throw new IOException("a header line over 1 MiB");
			}
		}
		return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
	}

	private static Duration retryAfter(Response response) {
		String value = response.header("Retry-After");
		try {
			return Duration.ofSeconds(Math.max(1, Math.min(30, Long.parseLong(value.trim()))));
		}
		catch (RuntimeException ex) {
			return Duration.ofSeconds(1);
		}
	}

	/** Waits out a rate limit for as long as the server said (Retry-After): there is nothing to poll for. */
	private static void pause(Duration duration) {
		Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
	}

	private static String firstLine(byte[] request) {
		int end = 0;
		while (end < request.length && end < 2048 && request[end] != '\r' && request[end] != '\n') {
			end++;
		}
		return new String(request, 0, end, StandardCharsets.ISO_8859_1);
	}

	/** A line in UTF-8 (a target or header with non-ASCII characters goes out as their UTF-8 bytes), then CRLF. */
	private static void write(ByteArrayOutputStream bytes, String line) {
		bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
		bytes.writeBytes(CRLF);
	}

}
