package dev.colink.authproxy.login;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Keycloak realm sign-in is driven against.
 *
 * @param url               Keycloak's base URL
 * @param realm             the realm of Colink's users
 * @param clientId          the confidential client the proxy signs users in with (standard flow with PKCE)
 * @param clientSecret      its secret
 * @param redirectUri       a redirect URI registered on that client; only its query (the authorization code) is
 *                          read, nothing listens there
 * @param adminClientId     a service-account client allowed to view users, used only to tell a user who already
 *                          proved the password that the account is locked (Keycloak's forms hide a lockout)
 * @param adminClientSecret its secret; blank turns that lookup off
 * @param timeout           connect and response timeout of every call to Keycloak
 */
@ConfigurationProperties("colink.keycloak")
public record KeycloakProperties(@DefaultValue("http://127.0.0.1:8180") URI url, @DefaultValue("colink") String realm,
		@DefaultValue("auth-proxy") String clientId, String clientSecret,
		@DefaultValue("http://127.0.0.1/auth/callback") String redirectUri,
		@DefaultValue("colink-admin-api") String adminClientId, String adminClientSecret,
		@DefaultValue("5s") Duration timeout) {

	/** {@code <url>/realms/<realm>}, the issuer and the root of every realm endpoint. */
	public String realmUrl() {
		String base = this.url.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/realms/" + this.realm;
	}

	public URI endpoint(String path) {
		return URI.create(realmUrl() + path);
	}

	public URI adminEndpoint(String path) {
		String base = this.url.toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/admin/realms/"
				+ this.realm + path);
	}

}
