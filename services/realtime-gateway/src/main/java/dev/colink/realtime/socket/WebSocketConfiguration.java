package dev.colink.realtime.socket;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

/**
 * {@code /v1/realtime} upgrades to the {@link RealtimeSocketHandler}, bound to the caller that
 * {@link HandshakeAuthentication} verified for this very exchange ({@link HandshakeAuthentication#CALLER}); this
 * adapter comes before WebFlux's default one, so no upgrade reaches the handler without that binding.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

	@Bean
	HandlerMapping realtimeSocketMapping(RealtimeSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of(HandshakeAuthentication.PATH, handler), -1);
	}

	@Bean
	WebSocketHandlerAdapter callerBindingWebSocketHandlerAdapter() {
		HandshakeWebSocketService upgrades = new HandshakeWebSocketService();
		WebSocketService bindsCaller = (exchange, handler) -> {
			Caller caller = exchange.getAttribute(HandshakeAuthentication.CALLER);
			return upgrades.handleRequest(exchange, (handler instanceof RealtimeSocketHandler socket)
					? (session) -> socket.handle(session, caller) : handler);
		};
		WebSocketHandlerAdapter adapter = new WebSocketHandlerAdapter(bindsCaller);
		adapter.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return adapter;
	}

}
