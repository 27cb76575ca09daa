package dev.colink.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Whatever a reactive service refuses by itself (the gateway: no route, a method a route does not take, a body over
 * the limit, an upstream that did not answer in time; realtime-gateway: a path it does not serve) is an RFC 9457
 * problem body with a {@code code}, like every servlet service's refusal: Spring's own problem details, which have
 * none, are turned off in these services. Before Boot's error handler; the gateway's {@code UpstreamProblems} comes
 * first.
 */
@Order(-2)
class ReactiveProblems implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ReactiveProblems.class);

	private static final Map<Integer, String> CODES = Map.of(400, "invalid_request", 404, "not_found", 405,
			"method_not_allowed", 406, "not_acceptable", 413, "payload_too_large", 415, "unsupported_media_type", 431,
			"request_header_fields_too_large", 502, "bad_gateway", 503, "unavailable", 504, "upstream_timeout");

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		HttpStatusCode status = (ex instanceof ResponseStatusException refusal) ? refusal.getStatusCode()
				: HttpStatus.INTERNAL_SERVER_ERROR;
		if (status.is5xxServerError()) {
			log.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
					status.value(), ex.toString());
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String code = CODES.getOrDefault(status.value(),
				(known != null) ? known.name().toLowerCase(Locale.ROOT) : "error");
		String detail = (ex instanceof ResponseStatusException refusal && refusal.getReason() != null)
				? refusal.getReason() : title;
		byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status.value()
				+ ",\"detail\":\"" + escape(detail) + "\",\"code\":\"" + code + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		if (ex instanceof ResponseStatusException refusal) {
			refusal.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
