package dev.colink.security;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Servlet services: stateless JWT resource server. Health probes and the configured public paths are open,
 * {@code /v1/admin/**} needs the admin role, every other request needs a valid token.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ColinkSecurityProperties.class)
public class ServletSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(ColinkSecurityProperties properties, ObjectProvider<DataSource> dataSource) {
		JwtDecoder verified = verifiedTokens(properties);
		DataSource users = dataSource.getIfAvailable();
		return (users != null) ? new DeactivatedUsers(users).refusing(verified) : verified;
	}

	/** The realm's valid tokens for this API, whoever's they are. */
	static JwtDecoder verifiedTokens(ColinkSecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.resolvedJwkSetUri())
			.jwsAlgorithm(ColinkJwtDecoders.ALGORITHM)
			.build();
		decoder.setJwtValidator(ColinkJwtDecoders.validator(properties));
		return new VerifiedTokens(ColinkJwtDecoders.VERIFIED_TOKENS, Clock.systemUTC()).caching(decoder);
	}

	/**
	 * No observation around every security filter: a resource server's chain is a dozen filters, and timing each of
	 * them on every request cost more than the checks themselves. Requests are still observed as a whole.
	 */
	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityFilterChain colinkSecurityFilterChain(HttpSecurity http, ColinkSecurityProperties properties,
			JwtDecoder jwtDecoder) throws Exception {
		String[] publicPaths = properties.publicPaths().toArray(String[]::new);
		http.csrf((csrf) -> csrf.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> {
				// The scrape, on the service's own port: the gateway routes no /actuator path.
				requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
						"/error")
					.permitAll();
				if (publicPaths.length > 0) {
					requests.requestMatchers(publicPaths).permitAll();
				}
				requests.requestMatchers("/v1/admin/**").hasAuthority(KeycloakRoles.ADMIN);
				requests.anyRequest().authenticated();
			})
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenResolver(new BearerTokens())
				.jwt((jwt) -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(ServletSecurityAutoConfiguration::authentication))
				.authenticationEntryPoint((request, response, exception) -> {
					response.setStatus(401);
					response.setHeader("WWW-Authenticate", "Bearer");
					response.setContentType(Problems.CONTENT_TYPE);
					response.getOutputStream().write(Problems.unauthorized());
				})
				.accessDeniedHandler((request, response, exception) -> {
					response.setStatus(403);
					response.setContentType(Problems.CONTENT_TYPE);
					response.getOutputStream().write(Problems.forbidden());
				}));
		return http.build();
	}

	/** The firewall's refusal of a malformed path or header is a 400 problem body, not Tomcat's error page. */
	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler colinkRequestRejectedHandler() {
		return (request, response, rejected) -> {
			response.setStatus(400);
			response.setContentType(Problems.CONTENT_TYPE);
			response.getOutputStream().write(Problems.rejected());
		};
	}

	private static JwtAuthenticationToken authentication(Jwt jwt) {
		return new JwtAuthenticationToken(jwt, KeycloakRoles.authorities(jwt), jwt.getSubject());
	}

}
