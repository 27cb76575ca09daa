package dev.colink.platform.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

/** A consumer's record of applied events, against the stack's PostgreSQL, including two deliveries racing. */
@SpringBootTest(classes = ProcessedEventsTest.App.class, properties = {
		"spring.application.name=processed-events-test", "spring.config.import=classpath:colink-service-defaults.yml",
		"spring.main.web-application-type=none", "colink.outbox.enabled=false",
		"colink.idempotency.sweep-enabled=false" })
class ProcessedEventsTest {

	private static final String CONSUMER = "processed-events-test";

	@Autowired
	ProcessedEvents processed;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	private final List<UUID> events = new ArrayList<>();

	@AfterEach
	void forget() {
		this.events.forEach((id) -> this.jdbc.sql("delete from processed_events where consumer = ? and event_id = ?")
			.params(CONSUMER, id)
			.update());
	}

	@Test
	void anEventIsAppliedOnceAndARolledBackApplicationDoesNotCount() {
		UUID event = event();
		boolean rolledBack = Boolean.TRUE.equals(this.transactions.execute((status) -> {
			boolean first = this.processed.firstTime(CONSUMER, event);
			status.setRollbackOnly(); // the change failed: the redelivery must apply it
			return first;
		}));
		assertThat(rolledBack).isTrue();
		assertThat(apply(CONSUMER, event)).isTrue();
		assertThat(apply(CONSUMER, event)).isFalse();
		assertThat(apply("another-consumer-" + event, event)).isTrue();
		this.jdbc.sql("delete from processed_events where consumer = ?").params("another-consumer-" + event).update();
		assertThatIllegalStateException().isThrownBy(() -> this.processed.firstTime(CONSUMER, event));
	}

	@Test
	void ofTenConcurrentDeliveriesOfOneEventExactlyOneApplies() throws Exception {
		UUID event = event();
		ExecutorService threads = Executors.newFixedThreadPool(10);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Boolean>> deliveries = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				deliveries.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
					return apply(CONSUMER, event);
				}, threads));
			}
			start.countDown();
			assertThat(deliveries.stream().map(CompletableFuture::join).filter(Boolean::booleanValue)).hasSize(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	private boolean apply(String consumer, UUID event) {
		return Boolean.TRUE.equals(this.transactions.execute((status) -> this.processed.firstTime(consumer, event)));
	}

	private UUID event() {
		UUID id = UUID.randomUUID();
		this.events.add(id);
		return id;
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
