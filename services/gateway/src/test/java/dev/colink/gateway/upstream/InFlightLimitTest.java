package dev.colink.gateway.upstream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/** The bound on requests held at once, and what it does not count. */
class InFlightLimitTest {

	private final InFlightLimit limit = new InFlightLimit(1);

	/** A chain that holds the request until released. */
	private final Sinks.Empty<Void> release = Sinks.empty();

	private final WebFilterChain held = (exchange) -> this.release.asMono();

	private final WebFilterChain passed = (exchange) -> Mono.empty();

	@Test
	void oneMoreThanTheBoundIsRefusedAtOnceAndTheNextAfterARequestEndedIsNot() {
		this.limit.filter(exchange(MockServerHttpRequest.post("/v1/messages")), this.held).subscribe();

		MockServerWebExchange refused = exchange(MockServerHttpRequest.post("/v1/messages"));
		this.limit.filter(refused, this.passed).block();
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponse().getBodyAsString().block()).contains("\"code\":\"overloaded\"");

		this.release.tryEmitEmpty();
		MockServerWebExchange next = exchange(MockServerHttpRequest.post("/v1/messages"));
		this.limit.filter(next, this.passed).block();
		assertThat(next.getResponse().getStatusCode()).isNull();
		assertThat(this.limit.inFlight()).isZero();
	}

	@Test
	void aSocketHandshakeIsNotCountedButAnUpgradeHeaderElsewhereIs() {
		this.limit.filter(exchange(MockServerHttpRequest.post("/v1/messages")), this.held).subscribe();

		MockServerWebExchange socket = exchange(MockServerHttpRequest.get("/v1/realtime").header("Upgrade", "websocket"));
		this.limit.filter(socket, this.passed).block();
		assertThat(socket.getResponse().getStatusCode()).isNull();

		for (MockServerHttpRequest.BaseBuilder<?> request : java.util.List.of(
				MockServerHttpRequest.post("/v1/messages").header("Upgrade", "h2c"),
				MockServerHttpRequest.post("/v1/messages").header("Upgrade", "websocket"),
				MockServerHttpRequest.get("/v1/realtime/ticket").header("Upgrade", "websocket"))) {
			MockServerWebExchange refused = exchange(request);
			this.limit.filter(refused, this.passed).block();
			assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request);
	}

}
