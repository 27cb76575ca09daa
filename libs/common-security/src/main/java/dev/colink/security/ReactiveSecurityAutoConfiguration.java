package dev.colink.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Reactive services (the gateway, the realtime gateway): the same token rules as the servlet services.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ColinkSecurityProperties.class)
public class ReactiveSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder reactiveJwtDecoder(ColinkSecurityProperties properties, ObjectProvider<DataSource> dataSource) {
		CachedJwkSet keys = new CachedJwkSet(WebClient.create(), URI.create(properties.resolvedJwkSetUri()),
				Duration.ofSeconds(30), Clock.systemUTC());
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys::select)
			.jwsAlgorithm(ColinkJwtDecoders.ALGORITHM)
			.build();
		decoder.setJwtValidator(ColinkJwtDecoders.validator(properties));
		ReactiveJwtDecoder verified = new VerifiedTokens(ColinkJwtDecoders.VERIFIED_TOKENS, Clock.systemUTC())
			.caching(decoder);
		DataSource users = dataSource.getIfAvailable();
		return (users != null) ? new DeactivatedUsers(users).refusing(verified) : verified;
	}

	/** No observation around every security web filter (see the servlet configuration). */
	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityWebFilterChain colinkSecurityWebFilterChain(ServerHttpSecurity http, ColinkSecurityProperties properties,
			ReactiveJwtDecoder jwtDecoder) {
		String[] publicPaths = properties.publicPaths().toArray(String[]::new);
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			// Stateless: no security context and no saved request in a web session. By default every request asked
			// for its session, and the in-memory store creates one on a bounded-elastic thread and hands the rest of the
			// request to a parallel one: two thread hops per request for nothing.
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.authorizeExchange((exchanges) -> {
				// The scrape (/actuator/prometheus) is served on internal ports only: the gateway's public port has no such
				// endpoint (it is on its management port), and no route leads to a service's actuator.
				exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
					.permitAll();
				if (publicPaths.length > 0) {
					exchanges.pathMatchers(publicPaths).permitAll();
				}
				exchanges.pathMatchers("/v1/admin/**").hasAuthority(KeycloakRoles.ADMIN);
				exchanges.anyExchange().authenticated();
			})
			.oauth2ResourceServer((resourceServer) -> resourceServer
				// The header read without the default converter's regular expression (8 % of the gateway's CPU
				// samples per request on a 1.5 KB token), as the servlet services read it.
				.bearerTokenConverter((exchange) -> Mono
					.fromCallable(() -> BearerHeader
						.token(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
					.map(BearerTokenAuthenticationToken::new))
				.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder)
					.jwtAuthenticationConverter((token) -> Mono
						.just(new JwtAuthenticationToken(token, KeycloakRoles.authorities(token), token.getSubject()))))
				.authenticationEntryPoint((exchange, exception) -> {
					exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
					return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, Problems.unauthorized());
				})
				.accessDeniedHandler((exchange, exception) -> write(exchange.getResponse(), HttpStatus.FORBIDDEN,
						Problems.forbidden())));
		return http.build();
	}

	/**
	 * The firewall's refusal of a malformed path or header (encoded NUL, {@code //}, {@code ;}, {@code /../}) is a 400
	 * problem body like every other refusal, not an empty 400.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServerExchangeRejectedHandler colinkExchangeRejectedHandler() {
		return (exchange, rejected) -> write(exchange.getResponse(), HttpStatus.BAD_REQUEST, Problems.rejected());
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveProblems colinkReactiveProblems() {
		return new ReactiveProblems();
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, byte[] body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.parseMediaType(Problems.CONTENT_TYPE));
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

}
