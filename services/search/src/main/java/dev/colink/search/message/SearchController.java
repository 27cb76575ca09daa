package dev.colink.search.message;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/search/messages?q=&channelId=&limit=&cursor=}: messages the caller may see, best match first. */
@RestController
class SearchController {

	private final MessageSearch search;

	private final Timer queries;

	SearchController(MessageSearch search, MeterRegistry meters) {
		this.search = search;
		this.queries = Timer.builder("colink.search.query")
			.description("One search, answered or refused: the visibility look-up and the OpenSearch query")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(meters);
	}

	@GetMapping("/v1/search/messages")
	SearchResults messages(@RequestParam(required = false) String q, @RequestParam(required = false) String channelId,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
			@AuthenticationPrincipal Jwt caller) {
		return this.queries
			.record(() -> this.search.search(UUID.fromString(caller.getSubject()), q, channelId, limit, cursor));
	}

}
