package dev.colink.realtime.socket;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/** {@code /v1/realtime} upgrades to the {@link RealtimeSocketHandler}. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

	@Bean
	HandlerMapping realtimeSocketMapping(RealtimeSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of(HandshakeAuthentication.PATH, handler), -1);
	}

}
