package dev.colink.gateway.health;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * The health probes on the public port, as before the actuator moved to the management port
 * ({@code management.server.port}, where the metrics are): {@code /actuator/health} and its groups
 * ({@code /liveness}, {@code /readiness}), answered by the actuator's own health endpoint with the public port's
 * settings (status only, 503 when down). Load balancers and the probes of docker-compose and Helm keep asking here,
 * so that they check the port clients use. No other actuator path exists on this port.
 */
@Configuration(proxyBeanMethods = false)
class PublicHealth {

	@Bean
	RouterFunction<ServerResponse> publicHealthProbes(ReactiveHealthEndpointWebExtension health) {
		return RouterFunctions.route()
			.GET("/actuator/health", (request) -> answer(
					health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE)))
			.GET("/actuator/health/{group}", (request) -> answer(health.health(ApiVersion.LATEST,
					WebServerNamespace.SERVER, SecurityContext.NONE, request.pathVariable("group"))))
			.build();
	}

	private static Mono<ServerResponse> answer(Mono<WebEndpointResponse<? extends HealthDescriptor>> health) {
		return health.flatMap((response) -> {
			if (response.getBody() == null) {
				return Mono.error(new ResponseStatusException(HttpStatus.valueOf(response.getStatus())));
			}
			return ServerResponse.status(response.getStatus())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(response.getBody());
		});
	}

}
