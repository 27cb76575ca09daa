package dev.colink.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the client behind a request: the socket's peer, unless that peer is a trusted proxy, in which case
 * the last address in {@code X-Forwarded-For} that is not itself a trusted proxy (the one the nearest untrusted hop
 * connected from; anything to its left the client could have written).
 */
public final class ClientAddresses {

	/** The exchange attribute holding the client address, set by {@link EdgeFilter} for every request. */
	public static final String ATTRIBUTE = ClientAddresses.class.getName() + ".client";

	private final List<Range> trusted;

	ClientAddresses(List<String> trustedProxies) {
		this.trusted = trustedProxies.stream().map(String::trim).filter((p) -> !p.isEmpty()).map(Range::parse).toList();
	}

	/** The client address {@link EdgeFilter} recorded for the exchange ("unknown" when the peer is not known). */
	public static String of(ServerWebExchange exchange) {
		Object address = exchange.getAttributes().get(ATTRIBUTE);
		return (address instanceof String client) ? client : peer(exchange.getRequest());
	}

	boolean isTrusted(String address) {
		if (this.trusted.isEmpty() || address == null || !looksLikeAddress(address)) {
			return false;
		}
		byte[] bytes = literal(address);
		return bytes != null && this.trusted.stream().anyMatch((range) -> range.contains(bytes));
	}

	String resolve(ServerHttpRequest request) {
		String peer = peer(request);
		if (!isTrusted(peer)) {
			return peer;
		}
		List<String> hops = new ArrayList<>();
		for (String header : request.getHeaders().getOrEmpty("X-Forwarded-For")) {
			for (String hop : header.split(",")) {
				hops.add(hop.trim());
			}
		}
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (!looksLikeAddress(hop)) {
				return peer; // a proxy we trust would not have written this: fall back to what we know
			}
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return peer;
	}

	private static boolean looksLikeAddress(String hop) {
		if (hop.isEmpty() || hop.length() > 45) {
			return false;
		}
		for (int i = 0; i < hop.length(); i++) {
			char c = hop.charAt(i);
			if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
				return false;
			}
		}
		return true;
	}

	private static String peer(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	/** The bytes of a literal IPv4 or IPv6 address (never a host name: no lookup), or null. */
	private static byte[] literal(String address) {
		if (!looksLikeAddress(address)) {
			return null;
		}
		try {
			return InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** An address or a CIDR range of them, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}. */
	private record Range(byte[] network, int prefix) {

		static Range parse(String text) {
			int slash = text.indexOf('/');
			byte[] network = literal((slash < 0) ? text : text.substring(0, slash));
			if (network == null) {
				throw new IllegalArgumentException("Not an address or CIDR range: " + text);
			}
			int prefix = (slash < 0) ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
			if (prefix < 0 || prefix > network.length * 8) {
				throw new IllegalArgumentException("Not a CIDR range: " + text);
			}
			return new Range(network, prefix);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefix; bit++) {
				int mask = 0x80 >> (bit % 8);
				if ((address[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
