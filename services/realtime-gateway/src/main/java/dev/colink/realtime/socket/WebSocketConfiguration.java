package dev.colink.realtime.socket;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

/**
 * {@code /v1/realtime} upgrades to the {@link RealtimeSocketHandler}. The handshake's verified caller
 * ({@link HandshakeAuthentication#CALLER}) is the one exchange attribute copied to the session.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration implements WebFluxConfigurer {

	@Bean
	HandlerMapping realtimeSocketMapping(RealtimeSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of(HandshakeAuthentication.PATH, handler), -1);
	}

	@Override
	public WebSocketService getWebSocketService() {
		HandshakeWebSocketService service = new HandshakeWebSocketService();
		service.setSessionAttributePredicate(HandshakeAuthentication.CALLER::equals);
		return service;
	}

}
