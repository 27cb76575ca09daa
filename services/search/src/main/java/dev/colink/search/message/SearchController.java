package dev.colink.search.message;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/search/messages?q=&channelId=&limit=&cursor=}: messages the caller may see, best match first. */
@RestController
class SearchController {

	private final MessageSearch search;

	SearchController(MessageSearch search) {
		this.search = search;
	}

	@GetMapping("/v1/search/messages")
	SearchResults messages(@RequestParam(required = false) String q, @RequestParam(required = false) String channelId,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
			@AuthenticationPrincipal Jwt caller) {
		return this.search.search(UUID.fromString(caller.getSubject()), q, channelId, limit, cursor);
	}

}
