package dev.colink.authproxy.login;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.nodes.Element;

import org.springframework.stereotype.Component;

/**
 * HTTP/1.1 to Keycloak (its HTTP/2 upgrade answers GOAWAY), redirects never followed automatically, and the
 * cookies of a sign-in kept by hand: Keycloak marks them {@code Secure} even on plain HTTP, so
 * {@link java.net.CookieManager} would drop them, and the proxy must seal them into the challenge anyway.
 */
@Component
class KeycloakHttp {

	private final HttpClient client;

	private final KeycloakProperties properties;

	KeycloakHttp(KeycloakProperties properties) {
		this.properties = properties;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(properties.timeout())
			.build();
	}

	HttpResponse<String> get(URI uri, Map<String, String> cookies) {
		return send(request(uri, cookies).GET().build(), cookies);
	}

	HttpResponse<String> postForm(URI uri, Map<String, String> form, Map<String, String> cookies) {
		return send(request(uri, cookies).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
			.build(), cookies);
	}

	HttpResponse<String> send(HttpRequest request) {
		return send(request, null);
	}

	HttpRequest.Builder request(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(this.properties.timeout());
	}

	private HttpRequest.Builder request(URI uri, Map<String, String> cookies) {
		HttpRequest.Builder builder = request(uri);
		if (!cookies.isEmpty()) {
			builder.header("Cookie", cookies.entrySet()
				.stream()
				.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
		return builder;
	}

	/** Sends a request; the cookies Keycloak sets or deletes are applied to {@code cookies} when given. */
	private HttpResponse<String> send(HttpRequest request, Map<String, String> cookies) {
		HttpResponse<String> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new KeycloakUnavailableException("Keycloak did not answer " + request.method() + " "
					+ request.uri().getPath() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KeycloakUnavailableException("Interrupted while calling Keycloak", ex);
		}
		if (response.statusCode() == 502 || response.statusCode() == 503 || response.statusCode() == 504) {
			throw new KeycloakUnavailableException("Keycloak answered " + response.statusCode(), null);
		}
		if (cookies != null) {
			for (String header : response.headers().allValues("Set-Cookie")) {
				for (HttpCookie cookie : HttpCookie.parse(header)) {
					if (cookie.hasExpired() || cookie.getValue().isEmpty()) {
						cookies.remove(cookie.getName());
					}
					else {
						cookies.put(cookie.getName(), cookie.getValue());
					}
				}
			}
		}
		return response;
	}

	/**
	 * The same path and query on the configured Keycloak URL: the pages' absolute links use Keycloak's public
	 * hostname, which need not be the address the proxy reaches it at.
	 */
	URI onKeycloak(String pathAndQuery) {
		if (pathAndQuery == null || !pathAndQuery.startsWith("/")) {
			// e.g. "@evil.example/x" would move the authority
			throw AuthProblem.keycloakUnexpected("not a path on Keycloak: " + pathAndQuery);
		}
		URI base = this.properties.url();
		return URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathAndQuery);
	}

	/**
	 * The path and query a form of a Keycloak page posts to, which must be a path of the realm on the origin the page
	 * came from: a page that names another origin (an absolute action, or a {@code <base href>}) is not Keycloak's,
	 * and the user's password or code never goes there.
	 * @param form  the form, parsed with the page's URL as its base
	 * @param page  the URL the page was fetched from
	 * @param realm the realm the sign-in runs in
	 * @throws AuthProblem (502 keycloak_unexpected_response) for an action elsewhere
	 */
	static String formAction(Element form, URI page, String realm) {
		String action = form.absUrl("action");
		URI target;
		try {
			target = new URI(action);
		}
		catch (URISyntaxException ex) {
			throw AuthProblem.keycloakUnexpected("Keycloak's form has an action that is not a URL");
		}
		if (!target.isAbsolute() || target.isOpaque() || !sameOrigin(target, page) || target.getRawUserInfo() != null
				|| target.getRawPath() == null || !target.getRawPath().startsWith("/realms/" + realm + "/")) {
			throw AuthProblem.keycloakUnexpected("Keycloak's form posts elsewhere than its realm on "
					+ page.getScheme() + "://" + page.getRawAuthority());
		}
		return pathAndQuery(target);
	}

	private static boolean sameOrigin(URI a, URI b) {
		return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
				&& a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** The path and query of a Keycloak URL (what a challenge stores of a form's action). */
	static String pathAndQuery(URI uri) {
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	static Map<String, String> newCookieJar() {
		return new LinkedHashMap<>();
	}

	static String formBody(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
