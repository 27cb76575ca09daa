package dev.colink.realtime.socket;

import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

import reactor.netty.http.websocket.WebsocketInbound;

import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

/**
 * Whether a WebSocket's Netty channel takes more bytes now. Reactor Netty keeps accepting frames for a client that
 * does not read, queueing them in memory without bound, so the server must look at the channel itself; Spring keeps
 * the Reactor Netty connection behind a protected accessor, reached here once per connection.
 */
final class SocketWritability {

	private static final Method DELEGATE = delegateAccessor();

	private SocketWritability() {
	}

	/** The channel's writability, or "always writable" when the session is not a Reactor Netty one. */
	static BooleanSupplier of(WebSocketSession session) {
		if (DELEGATE == null || !(session instanceof ReactorNettyWebSocketSession)) {
			return () -> true;
		}
		try {
			WebsocketInbound inbound = ((ReactorNettyWebSocketSession.WebSocketConnection) DELEGATE.invoke(session))
				.getInbound();
			BooleanSupplier[] writable = { () -> true };
			inbound.withConnection((connection) -> writable[0] = connection.channel()::isWritable);
			return writable[0];
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return () -> true;
		}
	}

	private static Method delegateAccessor() {
		try {
			Method method = AbstractWebSocketSession.class.getDeclaredMethod("getDelegate");
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
