package dev.colink.authproxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Sign-in with mandatory 2FA against Keycloak, token refresh and logout, the users directory. */
@SpringBootApplication
public class AuthProxyApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthProxyApplication.class, args);
	}

}
