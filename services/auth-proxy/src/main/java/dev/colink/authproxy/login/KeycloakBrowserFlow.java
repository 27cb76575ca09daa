package dev.colink.authproxy.login;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import dev.colink.authproxy.login.Challenge.Step;

/**
 * Drives Keycloak's browser flow ("colink browser": password, then a mandatory OTP) headlessly, as a browser
 * would: the authorization request with PKCE, the login form, then the OTP form or, for a user without an
 * authenticator, the "configure OTP" form. What Keycloak needs to continue lives in its authentication session
 * (its cookies and the form's action URL); the flow hands that back as a {@link Challenge} and takes it again for
 * the second step, so the proxy itself keeps nothing.
 * <p>
 * Keycloak's pages are read by their {@code data-page-id} and form ids (theme keycloak.v2): {@code login-login}
 * (form {@code kc-form-login}), {@code login-login-otp} ({@code kc-otp-login-form}), {@code login-login-config-totp}
 * ({@code kc-totp-settings-form}, hidden {@code totpSecret}). Messages are requested in English
 * ({@code ui_locales=en}) because the one refusal Keycloak tells apart only by its text is a disabled account.
 */
@Component
class KeycloakBrowserFlow {

	private static final String LOGIN_PAGE = "login-login";

	private static final String OTP_PAGE = "login-login-otp";

	private static final String CONFIGURE_TOTP_PAGE = "login-login-config-totp";

	/** Pages of required actions the API cannot complete for the user (Keycloak's account console can). */
	private static final Set<String> REQUIRED_ACTION_PAGES = Set.of("login-update-password", "login-update-profile",
			"login-verify-email", "login-terms", "login-update-email", "login-idp-review-user-profile");

	private static final int MAX_REDIRECTS = 5;

	private static final String ENROLLED_DEVICE_LABEL = "Colink";

	private final KeycloakHttp http;

	private final KeycloakProperties properties;

	private final SecureRandom random = new SecureRandom();

	KeycloakBrowserFlow(KeycloakHttp http, KeycloakProperties properties) {
		this.http = http;
		this.properties = properties;
	}

	/**
	 * Starts a sign-in and submits the password.
	 * @param expiresAt epoch second the returned challenge expires at
	 * @return the second-factor challenge Keycloak is waiting on
	 * @throws AuthProblem invalid credentials, a disabled account, or a Keycloak answer the flow cannot follow
	 */
	Challenge signIn(String username, String password, long expiresAt) {
		Map<String, String> cookies = KeycloakHttp.newCookieJar();
		String verifier = randomToken(32);
		String state = randomToken(16);
		URI authorize = UriComponentsBuilder.fromUri(this.properties.endpoint("/protocol/openid-connect/auth"))
			.queryParam("client_id", this.properties.clientId())
			.queryParam("response_type", "code")
			.queryParam("scope", "openid")
			.queryParam("redirect_uri", this.properties.redirectUri())
			.queryParam("state", state)
			.queryParam("nonce", randomToken(16))
			.queryParam("code_challenge", s256(verifier))
			.queryParam("code_challenge_method", "S256")
			.queryParam("ui_locales", "en")
			.encode()
			.build()
			.toUri();
		Page login = follow(this.http.get(authorize, cookies), cookies);
		Element loginForm = login.form(LOGIN_PAGE, "kc-form-login");
		if (loginForm == null) {
			throw AuthProblem.keycloakUnexpected("no login form on Keycloak's authorization page (" + login + ")");
		}
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("username", username);
		credentials.put("password", password);
		credentials.put("credentialId", "");
		Page next = follow(
				this.http.postForm(this.http.onKeycloak(actionOf(login, loginForm)), credentials, cookies), cookies);
		withoutRestartCookie(cookies);
		if (next.redirect() != null) {
			throw AuthProblem.keycloakUnexpected("Keycloak ended the sign-in without a second factor");
		}
		Element otpForm = next.form(OTP_PAGE, "kc-otp-login-form");
		if (otpForm != null) {
			// one OTP credential: a hidden input; several: radio buttons, the preselected one checked
			String credentialId = otpForm.select("input[name=selectedCredentialId]")
				.stream()
				.filter((input) -> "hidden".equals(input.attr("type")) || input.hasAttr("checked"))
				.map(Element::val)
				.findFirst()
				.orElse(null);
			return new Challenge(username, Step.OTP, actionOf(next, otpForm), cookies, verifier, state, credentialId,
					null, expiresAt);
		}
		Element enrollForm = next.form(CONFIGURE_TOTP_PAGE, "kc-totp-settings-form");
		if (enrollForm != null) {
			Element secret = enrollForm.selectFirst("input[name=totpSecret]");
			if (secret == null || secret.val().isBlank()) {
				throw AuthProblem.keycloakUnexpected("Keycloak's OTP set-up form has no secret");
			}
			return new Challenge(username, Step.ENROLL, actionOf(next, enrollForm), cookies, verifier, state, null,
					secret.val(), expiresAt);
		}
		if (LOGIN_PAGE.equals(next.id())) {
			if (next.alertText().toLowerCase().contains("disabled")) {
				throw AuthProblem.accountDisabled();
			}
			throw AuthProblem.invalidCredentials();
		}
		throw refusalOf(next);
	}

	/**
	 * Submits a second-factor code to the form a challenge is waiting on.
	 * @return the authorization code Keycloak redirected with, or the challenge to retry when the code was wrong
	 * @throws AuthProblem the challenge is no longer continuable, or Keycloak answered something the flow cannot
	 * follow
	 */
	CodeResult submitCode(Challenge challenge, String code) {
		Map<String, String> cookies = new LinkedHashMap<>(challenge.cookies());
		Map<String, String> form = codeForm(challenge, code);
		HttpResponse<String> response = this.http.postForm(this.http.onKeycloak(challenge.action()), form, cookies);
		for (int attempt = 0;; attempt++) {
			Page page = follow(response, cookies);
			if (page.redirect() != null) {
				return new CodeResult.Accepted(authorizationCode(page.redirect(), challenge));
			}
			Element retryForm = page.form(formPageOf(challenge), formIdOf(challenge));
			if (retryForm == null) {
				throw refusalOf(page);
			}
			if (page.hasFieldError()) {
				withoutRestartCookie(cookies);
				return new CodeResult.Rejected(challenge.continuedAt(actionOf(page, retryForm), cookies));
			}
			// The form again without a complaint: the challenge's action was stale (a wrong code before renewed
			// Keycloak's session code, and Keycloak redirected to the current form instead of checking the code).
			// Submit the code once more to the fresh action; the old challengeId thus stays usable.
			if (attempt > 0) {
				throw AuthProblem.keycloakUnexpected("Keycloak showed its form again without checking the code");
			}
			response = this.http.postForm(this.http.onKeycloak(actionOf(page, retryForm)), form, cookies);
		}
	}

	/**
	 * Only the authentication session's cookies are needed to continue; KC_RESTART (a ~1 kB JWT that lets a
	 * browser restart an expired login) would make the challenge four times larger.
	 */
	private static void withoutRestartCookie(Map<String, String> cookies) {
		cookies.remove("KC_RESTART");
	}

	private static Map<String, String> codeForm(Challenge challenge, String code) {
		Map<String, String> form = new LinkedHashMap<>();
		if (challenge.step() == Step.OTP) {
			form.put("otp", code);
			if (challenge.credentialId() != null) {
				form.put("selectedCredentialId", challenge.credentialId());
			}
		}
		else {
			form.put("totp", code);
			form.put("totpSecret", challenge.totpSecret());
			form.put("userLabel", ENROLLED_DEVICE_LABEL);
		}
		return form;
	}

	private static String formPageOf(Challenge challenge) {
		return (challenge.step() == Step.OTP) ? OTP_PAGE : CONFIGURE_TOTP_PAGE;
	}

	private static String formIdOf(Challenge challenge) {
		return (challenge.step() == Step.OTP) ? "kc-otp-login-form" : "kc-totp-settings-form";
	}

	private String authorizationCode(URI redirect, Challenge challenge) {
		UriComponents query = UriComponentsBuilder.fromUri(redirect).build();
		String error = query.getQueryParams().getFirst("error");
		if (error != null) {
			// e.g. temporarily_unavailable / authentication_expired: the authentication session is gone
			throw AuthProblem.challengeExpired();
		}
		String state = query.getQueryParams().getFirst("state");
		String code = query.getQueryParams().getFirst("code");
		if (code == null || !challenge.state().equals(state)) {
			throw AuthProblem.keycloakUnexpected("Keycloak's redirect carries no code for this sign-in");
		}
		return code;
	}

	/** A page that is neither the next form nor a known refusal. */
	private static AuthProblem refusalOf(Page page) {
		if ("login-error".equals(page.id()) || "login-page-expired".equals(page.id()) || LOGIN_PAGE.equals(page.id())
				|| page.status() == 400) {
			// Keycloak lost or finished the authentication session (used, expired, restarted)
			return AuthProblem.challengeExpired();
		}
		if (REQUIRED_ACTION_PAGES.contains(page.id())) {
			return AuthProblem.accountSetupRequired(page.id());
		}
		return AuthProblem.keycloakUnexpected("Keycloak answered " + page);
	}

	/**
	 * Follows Keycloak's redirects to its own pages (e.g. to a required action) with the cookies; stops at a
	 * redirect to the client's redirect URI, which is never requested.
	 */
	private Page follow(HttpResponse<String> response, Map<String, String> cookies) {
		HttpResponse<String> current = response;
		for (int hops = 0; isRedirect(current.statusCode()); hops++) {
			URI location = current.uri().resolve(current.headers().firstValue("Location").orElse(""));
			if (location.toString().startsWith(this.properties.redirectUri())) {
				return new Page(current.statusCode(), null, location, null);
			}
			if (hops == MAX_REDIRECTS) {
				throw AuthProblem.keycloakUnexpected("too many redirects from Keycloak");
			}
			current = this.http.get(this.http.onKeycloak(KeycloakHttp.pathAndQuery(location)), cookies);
		}
		return new Page(current.statusCode(), Jsoup.parse(current.body(), current.uri().toString()), null,
				current.uri());
	}

	/**
	 * The path and query of a form's action (its HTML-escaped URL, unescaped by the parser): a path of the realm on
	 * the origin the page came from, or the sign-in fails.
	 */
	private String actionOf(Page page, Element form) {
		return KeycloakHttp.formAction(form, page.uri(), this.properties.realm());
	}

	private static boolean isRedirect(int status) {
		return status == 302 || status == 303 || status == 301 || status == 307;
	}

	private String randomToken(int bytes) {
		byte[] raw = new byte[bytes];
		this.random.nextBytes(raw);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What submitting a code led to. */
	sealed interface CodeResult {

		/** Keycloak accepted the code and redirected with an authorization code. */
		record Accepted(String authorizationCode) implements CodeResult {
		}

		/** Keycloak refused the code; the form can be answered again with this challenge. */
		record Rejected(Challenge retry) implements CodeResult {
		}

	}

	/** A Keycloak answer: an HTML page (and the URL it came from), or a redirect to the client's redirect URI. */
	private record Page(int status, Document document, URI redirect, URI uri) {

		String id() {
			return (this.document != null) ? this.document.body().attr("data-page-id") : "";
		}

		/** The form with this id, when this is the page of that id. */
		Element form(String pageId, String formId) {
			if (this.document == null || !pageId.equals(id())) {
				return null;
			}
			Element form = this.document.getElementById(formId);
			return (form != null && form.hasAttr("action")) ? form : null;
		}

		/** A message under one of the form's fields (wrong password, wrong code). */
		boolean hasFieldError() {
			return !this.document.select("[id^=input-error]").text().isBlank();
		}

		/** The page-level error message, if any. */
		String alertText() {
			return this.document.select(".pf-m-danger .kc-feedback-text, .alert-error .kc-feedback-text").text();
		}

		@Override
		public String toString() {
			return "HTTP " + this.status + ((this.document != null) ? " page '" + id() + "'" : " redirect");
		}

	}

}
