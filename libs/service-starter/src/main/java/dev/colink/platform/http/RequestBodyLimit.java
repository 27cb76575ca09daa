package dev.colink.platform.http;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The largest request body a service reads ({@code colink.http.max-body-size}, 1 MiB unless configured). A larger
 * one is answered {@code 413 payload_too_large} before any controller runs, so nothing of it is stored: by its
 * {@code Content-Length} when it declares one, and otherwise (a chunked body) by reading at most the limit ahead of
 * the controller and refusing the body when more follows.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

	private static final byte[] TOO_LARGE_START = ("{\"type\":\"about:blank\",\"title\":\"Content Too Large\","
			+ "\"status\":413,\"detail\":\"The request body is larger than ").getBytes(StandardCharsets.UTF_8);

	private static final byte[] TOO_LARGE_END = " bytes.\",\"code\":\"payload_too_large\"}"
		.getBytes(StandardCharsets.UTF_8);

	/** @param maxBodySize the largest request body accepted */
	@ConfigurationProperties("colink.http")
	public record Properties(@DefaultValue("1MB") DataSize maxBodySize) {
	}

	private final long limit;

	public RequestBodyLimit(Properties properties) {
		this.limit = properties.maxBodySize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			refuse(response);
			return;
		}
		if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body = readAtMost(request.getInputStream(), this.limit);
			if (body == null) {
				refuse(response);
				return;
			}
			chain.doFilter(new ReadBody(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** The whole body if it has at most {@code limit} bytes, else null. */
	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		byte[] body = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
		return (in.read() == -1) ? body : null;
	}

	private void refuse(HttpServletResponse response) throws IOException {
		response.setStatus(413);
		response.setHeader("Connection", "close");
		response.setContentType("application/problem+json");
		var out = response.getOutputStream();
		out.write(TOO_LARGE_START);
		out.write(Long.toString(this.limit).getBytes(StandardCharsets.UTF_8));
		out.write(TOO_LARGE_END);
	}

	/** The request with its body read ahead. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		private final ServletInputStream stream;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			this.stream = new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read ahead; read it blocking");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.stream;
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(this.stream, charset));
		}

	}

}
