package dev.colink.admin.users;

import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Keycloak Admin Client, signed in as the {@code colink-admin-api} service account. It fetches its token lazily
 * on the first call and renews it when it expires, so the service starts even while Keycloak is still booting.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeycloakAdminProperties.class)
class KeycloakAdminConfiguration {

	@Bean
	Keycloak keycloakAdminClient(KeycloakAdminProperties properties) {
		return KeycloakBuilder.builder()
			.serverUrl(properties.url())
			.realm(properties.realm())
			.grantType(OAuth2Constants.CLIENT_CREDENTIALS)
			.clientId(properties.clientId())
			.clientSecret(properties.clientSecret())
			.build();
	}

	@Bean
	RealmResource administeredRealm(Keycloak keycloak, KeycloakAdminProperties properties) {
		return keycloak.realm(properties.realm());
	}

}
