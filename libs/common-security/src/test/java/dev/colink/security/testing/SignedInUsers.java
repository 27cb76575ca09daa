package dev.colink.security.testing;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.RealmUsers.RealmUser;

/**
 * Users of the running stack signed in exactly as a client signs in: a fresh realm user with a TOTP credential
 * logs in through the gateway ({@code /auth/login}, then {@code /auth/login/verify} with a code), which also
 * mirrors them into Postgres' {@code users} table as every service expects of a signed-in user.
 */
public final class SignedInUsers {

	/** A signed-in user: Keycloak id (= users.id), username, display name and access token. */
	public record SignedInUser(String id, String username, String displayName, String accessToken, RealmUser realmUser) {
	}

	private SignedInUsers() {
	}

	/** A new user named {@code <prefix>-<random>}, signed in with password and TOTP through the gateway. */
	public static SignedInUser create(String prefix) {
		return create(prefix, Set.of());
	}

	public static SignedInUser create(String prefix, Set<String> realmRoles) {
		RealmUser user = RealmUsers.createUserWithTotp(prefix, realmRoles);
		return signIn(user);
	}

	/** Signs an existing realm user in again, with the next unused code: a fresh access token. */
	public static SignedInUser signIn(RealmUser user) {
		ApiClient gateway = ApiClient.gateway();
		JsonNode challenge = gateway
			.post("/auth/login", null, ApiClient.json("username", user.username(), "password", user.password()))
			.expect(401);
		if (!"mfa_required".equals(challenge.path("code").asString())) {
			throw new AssertionError("expected an mfa_required challenge for " + user.username() + ": " + challenge);
		}
		JsonNode signedIn = gateway
			.post("/auth/login/verify", null,
					ApiClient.json("challengeId", challenge.get("challengeId").asString(), "method", "totp", "code",
							TotpSteps.unusedCode(user.username(), user.totpSecret())))
			.expect(200);
		JsonNode profile = signedIn.get("user");
		return new SignedInUser(profile.get("id").asString(), user.username(), profile.path("displayName").asString(),
				signedIn.get("accessToken").asString(), user);
	}

	/** Removes the user from the realm (their Postgres row stays, as for any former user). */
	public static void delete(SignedInUser user) {
		RealmUsers.delete(user.realmUser());
	}

}
