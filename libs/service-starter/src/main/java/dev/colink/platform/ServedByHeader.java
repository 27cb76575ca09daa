package dev.colink.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Names the service that answered in an {@code X-Colink-Service} response header, so that an operator (and the
 * gateway's routing test) can tell which service a response behind the gateway came from.
 */
public final class ServedByHeader {

	public static final String NAME = "X-Colink-Service";

	private ServedByHeader() {
	}

	static final class Servlet extends OncePerRequestFilter {

		private final String service;

		Servlet(String service) {
			this.service = service;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			response.setHeader(NAME, this.service);
			chain.doFilter(request, response);
		}

	}

	static final class Reactive implements WebFilter, Ordered {

		private final String service;

		Reactive(String service) {
			this.service = service;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			exchange.getResponse().getHeaders().set(NAME, this.service);
			return chain.filter(exchange);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
