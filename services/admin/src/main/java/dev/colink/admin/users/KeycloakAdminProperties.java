package dev.colink.admin.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the admin service reaches Keycloak's admin API: as the {@code colink-admin-api} client of the realm (client
 * credentials; its service account may manage, view and query users).
 *
 * @param url          Keycloak's base URL
 * @param realm        the realm whose users are administered (and which issues the client's token)
 * @param clientId     the confidential client with the service account
 * @param clientSecret its secret
 */
@ConfigurationProperties("colink.keycloak-admin")
public record KeycloakAdminProperties(@DefaultValue("http://127.0.0.1:8180") String url,
		@DefaultValue("colink") String realm, @DefaultValue("colink-admin-api") String clientId, String clientSecret) {
}
