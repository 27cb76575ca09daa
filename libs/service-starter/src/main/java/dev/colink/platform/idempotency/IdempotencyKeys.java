package dev.colink.platform.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.colink.platform.problems.ApiProblemException;

/**
 * The idempotency of creating calls ({@code idempotency_keys}): the first request of a user with a key claims it for
 * the resource it creates; a repeat within {@link #RETENTION} learns that resource's id instead of creating another.
 * A claim is made in the transaction that creates the resource, before creating it: a rolled-back creation releases
 * the key, and a concurrent claim of the same key waits for that transaction, then sees its outcome. Expired keys
 * count as unused and are swept by {@link IdempotencyKeySweeper}.
 */
public class IdempotencyKeys {

	/** How long a key holds: the API promises the first response to repeats within 24 hours. */
	public static final Duration RETENTION = Duration.ofHours(24);

	public static final int MAX_KEY_LENGTH = 128;

	public static final int MAX_OPERATION_LENGTH = 64;

	// Inserts the claim, or takes over an expired one; returns a row only when this call now holds the key. A row
	// of a transaction still in flight makes this statement wait for it (unique index), then decide on its outcome.
	private static final String CLAIM = """
			insert into idempotency_keys (user_id, operation, key, resource_id, created_at)
			values (:user, :operation, :key, :resource, now())
			on conflict (user_id, operation, key) do update
				set resource_id = excluded.resource_id, created_at = excluded.created_at
				where idempotency_keys.created_at <= now() - make_interval(secs => :retention)
			returning resource_id""";

	private static final String EARLIER = """
			select resource_id from idempotency_keys
			where user_id = :user and operation = :operation and key = :key
				and created_at > now() - make_interval(secs => :retention)""";

	private final JdbcClient jdbc;

	public IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A client's {@code idempotencyKey} as a creating call receives it: null without one, else 1 to
	 * {@value #MAX_KEY_LENGTH} characters with no NUL (PostgreSQL refuses NUL in text), or a 400 naming the field.
	 */
	public static String requestKey(String key) {
		if (key == null) {
			return null;
		}
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.indexOf('\u0000') >= 0) {
			throw ApiProblemException.invalid("idempotencyKey", "must be 1 to " + MAX_KEY_LENGTH + " characters (no NUL)");
		}
		return key;
	}

	/**
	 * Claims {@code key} of {@code userId} for {@code operation}; must run inside the transaction that creates the
	 * resource, before creating it.
	 * @param userId the caller: keys are per user
	 * @param operation the call, named by its service, e.g. {@code channels.create}
	 * @param key the client's idempotency key (1 to 128 characters)
	 * @param resourceId the id of the resource this request is about to create
	 * @return empty when this request holds the key now and goes on to create the resource; otherwise the id of the
	 * resource an earlier request with the same key created within the last 24 hours, to be answered again
	 */
	public Optional<String> claim(UUID userId, String operation, String key, String resourceId) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("IdempotencyKeys.claim must run inside the transaction that creates the resource");
		}
		if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("An idempotency key has 1 to " + MAX_KEY_LENGTH + " characters");
		}
		if (operation == null || operation.isEmpty() || operation.length() > MAX_OPERATION_LENGTH) {
			throw new IllegalArgumentException("An operation name has 1 to " + MAX_OPERATION_LENGTH + " characters");
		}
		// The earlier row can expire (or be swept) between the two statements; then the key is free: claim again.
		for (int attempt = 0; attempt < 3; attempt++) {
			boolean claimed = this.jdbc.sql(CLAIM)
				.param("user", userId)
				.param("operation", operation)
				.param("key", key)
				.param("resource", resourceId)
				.param("retention", RETENTION.toSeconds())
				.query(String.class)
				.optional()
				.isPresent();
			if (claimed) {
				return Optional.empty();
			}
			Optional<String> earlier = this.jdbc.sql(EARLIER)
				.param("user", userId)
				.param("operation", operation)
				.param("key", key)
				.param("retention", RETENTION.toSeconds())
				.query(String.class)
				.optional();
			if (earlier.isPresent()) {
				return earlier;
			}
		}
		throw new IllegalStateException("Idempotency key of " + userId + " for " + operation + " could not be claimed");
	}

	/**
	 * Deletes the keys older than {@link #RETENTION}.
	 * @return how many were deleted
	 */
	public int sweep() {
		return this.jdbc.sql("delete from idempotency_keys where created_at <= now() - make_interval(secs => :retention)")
			.param("retention", RETENTION.toSeconds())
			.update();
	}

}
