package dev.colink.gateway.upstream;

import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;

/**
 * WebSockets are proxied on connections of their own, outside the bounded pool of each service's HTTP routes. A
 * WebSocket holds its upstream connection for as long as the client stays, so on the shared pool (512 connections
 * per service) the 513th client socket waited for a connection and was dropped, and every socket took a connection
 * that short requests to realtime-gateway (tickets) then lacked. How many sockets realtime-gateway takes is its own
 * business: it bounds each connection's queue, not their number.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketUpstream {

	@Bean
	WebsocketRoutingFilter unpooledWebsocketRoutingFilter(HttpClientProperties properties, WebSocketService webSocketService,
			ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
		HttpClient unpooled = HttpClient.create(ConnectionProvider.newConnection())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, properties.getConnectTimeout());
		HttpClientProperties.Websocket websocket = properties.getWebsocket();
		ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(unpooled, () -> {
			WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().handlePing(!websocket.isProxyPing());
			if (websocket.getMaxFramePayloadLength() != null) {
				spec.maxFramePayloadLength(websocket.getMaxFramePayloadLength());
			}
			return spec;
		});
		return new WebsocketRoutingFilter(client, webSocketService, headersFilters);
	}

}
