package dev.colink.realtime.socket;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.colink.realtime.RealtimeProperties;

/** {@code POST /v1/realtime/ticket}: a one-time ticket to open the WebSocket with. */
@RestController
class TicketController {

	private final Tickets tickets;

	private final RealtimeProperties properties;

	TicketController(Tickets tickets, RealtimeProperties properties) {
		this.tickets = tickets;
		this.properties = properties;
	}

	@PostMapping("/v1/realtime/ticket")
	Mono<Map<String, Object>> ticket(@AuthenticationPrincipal Jwt caller) {
		return this.tickets.issue(new Caller(caller.getSubject(), caller.getExpiresAt()))
			.map((ticket) -> Map.of("ticket", ticket, "expiresIn", this.properties.ticketTtl().toSeconds()));
	}

}
