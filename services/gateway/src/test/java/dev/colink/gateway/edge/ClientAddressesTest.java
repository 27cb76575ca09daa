package dev.colink.gateway.edge;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {

	private static ServerHttpRequest from(String peer, String... forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/v1/channels")
			.remoteAddress(new InetSocketAddress(peer, 40000));
		for (String header : forwardedFor) {
			request.header("X-Forwarded-For", header);
		}
		return request.build();
	}

	@Test
	void withoutTrustedProxiesTheClientIsThePeerWhateverTheHeadersSay() {
		ClientAddresses addresses = new ClientAddresses(List.of());
		assertThat(addresses.resolve(from("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
	}

	@Test
	void anUntrustedPeerCannotNameAnotherClient() {
		ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));
		assertThat(addresses.resolve(from("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
	}

	@Test
	void behindATrustedProxyTheClientIsTheLastUntrustedHop() {
		ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.5"));
		// The client wrote "1.1.1.1" itself; the proxy appended the address it saw (198.51.100.1), then a second proxy.
		assertThat(addresses.resolve(from("10.1.2.3", "1.1.1.1, 198.51.100.1", "192.0.2.5"))).isEqualTo("198.51.100.1");
	}

	@Test
	void garbageFromATrustedProxyFallsBackToThePeer() {
		ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));
		assertThat(addresses.resolve(from("10.1.2.3", "evil.example"))).isEqualTo("10.1.2.3");
		assertThat(addresses.resolve(from("10.1.2.3"))).isEqualTo("10.1.2.3");
	}

	@Test
	void rangesMatchByPrefixOnly() {
		ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "fd00::/8"));
		assertThat(addresses.isTrusted("10.255.0.1")).isTrue();
		assertThat(addresses.isTrusted("11.0.0.1")).isFalse();
		assertThat(addresses.isTrusted("fd12::1")).isTrue();
		assertThat(addresses.isTrusted("fe80::1")).isFalse();
		assertThat(addresses.isTrusted("localhost")).isFalse();
	}

}
