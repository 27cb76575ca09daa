package dev.colink.realtime.socket;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Every spelling of the socket's path is a handshake, and so is any request asking for an upgrade. */
class HandshakeAuthenticationTest {

	@Test
	void everySpellingOfTheSocketPathIsAHandshake() {
		for (String path : List.of("/v1/realtime", "/v1/%72ealtime", "/v1/realtime/", "//v1//realtime", "/v1/realtime;x=1",
				"/v1/./realtime", "/v1/x/../realtime", "/V1/RealTime", "/v1/%72%65altime;a/")) {
			assertThat(HandshakeAuthentication.isHandshake(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://127.0.0.1:8091" + path)).build())).as(path).isTrue();
		}
	}

	@Test
	void anyWebSocketUpgradeIsAHandshakeAndOtherRequestsAreNot() {
		assertThat(HandshakeAuthentication
			.isHandshake(MockServerHttpRequest.get("/v1/realtime/ticket").header("Upgrade", "websocket").build())).isTrue();
		assertThat(HandshakeAuthentication.isHandshake(MockServerHttpRequest.post("/v1/realtime/ticket").build())).isFalse();
		// An offer of HTTP/2 on a plain request is no handshake.
		assertThat(HandshakeAuthentication.isHandshake(MockServerHttpRequest.get("/actuator/health/readiness")
			.header("Upgrade", "h2c").header("Connection", "Upgrade, HTTP2-Settings").build())).isFalse();
		assertThat(HandshakeAuthentication.isHandshake(MockServerHttpRequest.get("/actuator/health").build())).isFalse();
	}

}
