package dev.colink.security.testing;

import java.util.UUID;

import dev.colink.security.testing.SignedInUsers.SignedInUser;

import static dev.colink.security.testing.ApiClient.json;

/**
 * The usual cast of a journey test, signed in through the gateway: alice owns a fresh public channel, bob joined
 * it, carol is in none of it. {@link #delete()} removes the three users.
 */
public record ThreeUsers(SignedInUser alice, SignedInUser bob, SignedInUser carol, String channelId) {

	public static ThreeUsers create(String prefix) {
		SignedInUser alice = SignedInUsers.create(prefix + "-alice");
		SignedInUser bob = SignedInUsers.create(prefix + "-bob");
		SignedInUser carol = SignedInUsers.create(prefix + "-carol");
		String channelId = channel(alice, prefix);
		ApiClient.gateway().post("/v1/channels/" + channelId + "/join", bob.accessToken(), null).expect(200);
		return new ThreeUsers(alice, bob, carol, channelId);
	}

	/** A fresh public channel of the owner's, named after the prefix; its id. */
	public static String channel(SignedInUser owner, String prefix) {
		return ApiClient.gateway()
			.post("/v1/channels", owner.accessToken(), json("name", prefix + "-" + UUID.randomUUID().toString().substring(0, 8)))
			.expect(201)
			.get("id")
			.asString();
	}

	public void delete() {
		SignedInUsers.delete(this.alice);
		SignedInUsers.delete(this.bob);
		SignedInUsers.delete(this.carol);
	}

}
