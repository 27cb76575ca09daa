package dev.colink.platform.idempotency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Idempotency keys against the real PostgreSQL of the stack, including requests that race for one key. */
@SpringBootTest(classes = IdempotencyKeysTest.App.class, properties = {
		"spring.application.name=idempotency-test", "spring.config.import=classpath:colink-service-defaults.yml",
		"spring.main.web-application-type=none", "colink.outbox.enabled=false" })
class IdempotencyKeysTest {

	private static final String OPERATION = "test.create";

	@Autowired
	IdempotencyKeys keys;

	@Autowired
	IdempotencyKeySweeper sweeper;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	/** Keys are per user: a fresh user per test keeps its keys apart from every other run's. */
	private final UUID user = UUID.randomUUID();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void removeKeys() {
		this.threads.shutdownNow();
		this.jdbc.sql("delete from idempotency_keys where user_id = ?").param(this.user).update();
	}

	@Test
	void theFirstClaimHoldsTheKeyAndARepeatLearnsItsResource() {
		assertThat(claim("k1", "resource-1")).isEmpty();

		assertThat(claim("k1", "resource-2")).contains("resource-1");
		assertThat(claim("k1", "resource-3")).contains("resource-1");
		assertThat(resourceOf("k1")).containsExactly("resource-1");
	}

	@Test
	void keysAreSeparatePerUserOperationAndKey() {
		UUID otherUser = UUID.randomUUID();
		try {
			assertThat(claim("k1", "resource-1")).isEmpty();

			assertThat(claim("k2", "resource-2")).isEmpty();
			assertThat(claim(this.user, "test.other", "k1", "resource-3")).isEmpty();
			assertThat(claim(otherUser, OPERATION, "k1", "resource-4")).isEmpty();
		}
		finally {
			this.jdbc.sql("delete from idempotency_keys where user_id = ?").param(otherUser).update();
		}
	}

	@Test
	void aRolledBackClaimLeavesTheKeyFree() {
		this.transactions.executeWithoutResult((status) -> {
			assertThat(this.keys.claim(this.user, OPERATION, "k1", "resource-1")).isEmpty();
			status.setRollbackOnly();
		});

		assertThat(claim("k1", "resource-2")).isEmpty();
		assertThat(resourceOf("k1")).containsExactly("resource-2");
	}

	@Test
	void claimingOutsideATransactionIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.keys.claim(this.user, OPERATION, "k1", "resource-1"));
	}

	@Test
	void aKeyOlderThan24HoursCountsAsUnusedAndIsSwept() {
		insertAged("old", "resource-old", Duration.ofHours(25));
		insertAged("stale", "resource-stale", Duration.ofHours(24).plusMinutes(1));
		insertAged("recent", "resource-recent", Duration.ofHours(23));

		assertThat(claim("old", "resource-new")).isEmpty();
		assertThat(resourceOf("old")).containsExactly("resource-new");
		assertThat(claim("recent", "resource-other")).contains("resource-recent");

		assertThat(this.keys.sweep()).isGreaterThanOrEqualTo(1);
		assertThat(resourceOf("stale")).isEmpty();
		assertThat(resourceOf("recent")).containsExactly("resource-recent");
		assertThat(resourceOf("old")).containsExactly("resource-new");
	}

	@Test
	void theSweeperRunsWithTheApplication() {
		assertThat(this.sweeper.isRunning()).isTrue();
	}

	@Test
	void aClaimWaitsForAnUncommittedClaimOfTheSameKeyThenLearnsItsResource() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Optional<String>> first = holdClaim("k1", "resource-1", release, false);
		AtomicInteger secondBackend = new AtomicInteger();
		CompletableFuture<Optional<String>> second = CompletableFuture.supplyAsync(() -> this.transactions
			.execute((status) -> {
				secondBackend.set(this.jdbc.sql("select pg_backend_pid()").query(Integer.class).single());
				return this.keys.claim(this.user, OPERATION, "k1", "resource-2");
			}), this.threads);

		awaitWaitingOnALock(secondBackend);
		assertThat(second).isNotDone();
		release.countDown();

		assertThat(first.get(30, TimeUnit.SECONDS)).isEmpty();
		assertThat(second.get(30, TimeUnit.SECONDS)).contains("resource-1");
	}

	@Test
	void aClaimWaitingForAClaimThatRollsBackHoldsTheKey() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Optional<String>> first = holdClaim("k1", "resource-1", release, true);
		AtomicInteger secondBackend = new AtomicInteger();
		CompletableFuture<Optional<String>> second = CompletableFuture.supplyAsync(() -> this.transactions
			.execute((status) -> {
				secondBackend.set(this.jdbc.sql("select pg_backend_pid()").query(Integer.class).single());
				return this.keys.claim(this.user, OPERATION, "k1", "resource-2");
			}), this.threads);

		awaitWaitingOnALock(secondBackend);
		release.countDown();

		assertThat(first.get(30, TimeUnit.SECONDS)).isEmpty();
		assertThat(second.get(30, TimeUnit.SECONDS)).isEmpty();
		assertThat(resourceOf("k1")).containsExactly("resource-2");
	}

	@Test
	void ofTwentyConcurrentClaimsOfOneKeyExactlyOneWins() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Optional<String>>> claims = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String resource = "resource-" + i;
			claims.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				return claim("k1", resource);
			}, this.threads));
		}
		start.countDown();

		List<Optional<String>> answers = new ArrayList<>();
		for (CompletableFuture<Optional<String>> claim : claims) {
			answers.add(claim.get(60, TimeUnit.SECONDS));
		}

		assertThat(answers).filteredOn(Optional::isEmpty).hasSize(1);
		String winner = "resource-" + answers.indexOf(Optional.empty());
		assertThat(answers).filteredOn(Optional::isPresent).hasSize(19).allSatisfy((answer) ->
				assertThat(answer).contains(winner));
		assertThat(resourceOf("k1")).containsExactly(winner);
	}

	/** Claims a key in a transaction that stays open until {@code release}, then commits or rolls back. */
	private CompletableFuture<Optional<String>> holdClaim(String key, String resource, CountDownLatch release,
			boolean rollBack) throws Exception {
		CountDownLatch claimed = new CountDownLatch(1);
		CompletableFuture<Optional<String>> claim = CompletableFuture.supplyAsync(() -> this.transactions
			.execute((status) -> {
				Optional<String> answer = this.keys.claim(this.user, OPERATION, key, resource);
				claimed.countDown();
				awaitQuietly(release);
				if (rollBack) {
					status.setRollbackOnly();
				}
				return answer;
			}), this.threads);
		assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
		return claim;
	}

	private void awaitWaitingOnALock(AtomicInteger backend) {
		await().atMost(Duration.ofSeconds(30)).until(() -> backend.get() != 0 && "Lock".equals(this.jdbc
			.sql("select coalesce(wait_event_type, '') from pg_stat_activity where pid = ?")
			.param(backend.get())
			.query(String.class)
			.optional()
			.orElse("")));
	}

	private Optional<String> claim(String key, String resource) {
		return claim(this.user, OPERATION, key, resource);
	}

	private Optional<String> claim(UUID user, String operation, String key, String resource) {
		return this.transactions.execute((status) -> this.keys.claim(user, operation, key, resource));
	}

	private List<String> resourceOf(String key) {
		return this.jdbc.sql("select resource_id from idempotency_keys where user_id = ? and operation = ? and key = ?")
			.params(this.user, OPERATION, key)
			.query(String.class)
			.list();
	}

	private void insertAged(String key, String resource, Duration age) {
		this.jdbc.sql("""
				insert into idempotency_keys (user_id, operation, key, resource_id, created_at)
				values (?, ?, ?, ?, now() - make_interval(secs => ?))""")
			.params(this.user, OPERATION, key, resource, age.toSeconds())
			.update();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("gave up waiting for the other transaction");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		TransactionTemplate transactionTemplate(PlatformTransactionManager manager) {
			return new TransactionTemplate(manager);
		}

	}

}
