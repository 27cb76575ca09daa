package dev.colink.authproxy.login;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A form's action is taken from a Keycloak page only when it is a path of the realm on the origin the page came from:
 * the password and the code are never posted anywhere else.
 */
class KeycloakFormActionTest {

	private static final URI PAGE = URI
		.create("http://127.0.0.1:8180/realms/colink/protocol/openid-connect/auth?client_id=auth-proxy");

	private static final String ACTION = "/realms/colink/login-actions/authenticate?session_code=abc&amp;execution=e1&amp;client_id=auth-proxy&amp;tab_id=t1";

	@Test
	void anActionOnThePagesOriginGivesItsPathAndQuery() {
		assertThat(action("<form id=f action=\"http://127.0.0.1:8180" + ACTION + "\">")).isEqualTo(
				"/realms/colink/login-actions/authenticate?session_code=abc&execution=e1&client_id=auth-proxy&tab_id=t1");
		assertThat(action("<form id=f action=\"" + ACTION + "\">")).as("relative to the page")
			.startsWith("/realms/colink/login-actions/authenticate?");
		assertThat(action("<form id=f action=\"HTTP://127.0.0.1:8180" + ACTION + "\">")).as("scheme in capitals")
			.startsWith("/realms/colink/login-actions/");
	}

	@Test
	void anActionOnAnotherOriginIsRefused() {
		for (String elsewhere : new String[] { "https://evil.example" + ACTION, "//evil.example" + ACTION,
				"http://127.0.0.1:8181" + ACTION, "https://127.0.0.1:8180" + ACTION, "http://localhost:8180" + ACTION,
				"http://127.0.0.1:8180@evil.example" + ACTION,
				"javascript:alert(1)", "data:text/html,x" }) {
			assertRefused("<form id=f action=\"" + elsewhere + "\">");
		}
	}

	@Test
	void aLoginPageWhoseFormPostsElsewhereGetsNoPassword() throws Exception {
		List<String> requests = new CopyOnWriteArrayList<>();
		HttpServer keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		keycloak.createContext("/", (exchange) -> {
			requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
			byte[] page = ("<html><body data-page-id=\"login-login\"><form id=\"kc-form-login\" method=\"post\" "
					+ "action=\"https://evil.example" + ACTION + "\"><input name=\"username\"></form></body></html>")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		keycloak.start();
		try {
			KeycloakProperties properties = properties(
					URI.create("http://127.0.0.1:" + keycloak.getAddress().getPort()));
			KeycloakBrowserFlow flow = new KeycloakBrowserFlow(new KeycloakHttp(properties), properties);

			assertThatExceptionOfType(AuthProblem.class).isThrownBy(() -> flow.signIn("alice", "pw", 0))
				.satisfies((problem) -> assertThat(problem.code()).isEqualTo("keycloak_unexpected_response"));
			assertThat(requests).as("the password is posted nowhere, not even to the same path on Keycloak")
				.containsExactly("GET /realms/colink/protocol/openid-connect/auth");
		}
		finally {
			keycloak.stop(0);
		}
	}

	@Test
	void aBaseElementCannotMoveARelativeActionElsewhere() {
		assertRefused("<base href=\"https://evil.example/\"><form id=f action=\"" + ACTION + "\">");
	}

	@Test
	void anActionOutsideTheRealmIsRefused() {
		assertRefused("<form id=f action=\"/realms/master/login-actions/authenticate\">");
		assertRefused("<form id=f action=\"/admin/realms/colink/users\">");
		assertRefused("<form id=f action=\"/realms/colinkx/login-actions/authenticate\">");
	}

	@Test
	void aStoredActionThatIsNoPathIsNeverSentAnywhere() {
		KeycloakHttp http = new KeycloakHttp(properties(URI.create("http://127.0.0.1:8180")));

		assertThat(http.onKeycloak("/realms/colink/x?y=1")).hasHost("127.0.0.1").hasPort(8180);
		for (String notAPath : new String[] { "@evil.example/realms/colink/x", "evil.example/x", "" }) {
			assertThatExceptionOfType(AuthProblem.class).isThrownBy(() -> http.onKeycloak(notAPath));
		}
	}

	private static KeycloakProperties properties(URI keycloak) {
		return new KeycloakProperties(keycloak, "colink", "auth-proxy", "not-used", "http://127.0.0.1/auth/callback",
				"colink-admin-api", "", Duration.ofSeconds(5));
	}

	private static void assertRefused(String html) {
		assertThatExceptionOfType(AuthProblem.class).as(html)
			.isThrownBy(() -> action(html))
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("keycloak_unexpected_response"));
	}

	private static String action(String html) {
		Element form = Jsoup.parse("<html><head></head><body>" + html + "</form></body></html>", PAGE.toString())
			.getElementById("f");
		return KeycloakHttp.formAction(form, PAGE, "colink");
	}

}
