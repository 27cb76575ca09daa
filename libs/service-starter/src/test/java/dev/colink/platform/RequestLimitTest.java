package dev.colink.platform;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitTest {

	@Test
	void beyondItsCapacityAndQueueAServiceAnswers503AtOnceAndProbesAlwaysPass() throws Exception {
		RequestLimit limit = new RequestLimit(new RequestLimit.Properties(true, 1, 1, Duration.ofSeconds(30)));
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// Own threads: the common pool may have a single worker on a small machine, which the first request holds.
		ExecutorService threads = Executors.newFixedThreadPool(2);

		CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> call(limit, "/v1/x", () -> {
			running.countDown();
			await(release);
		}), threads);
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<MockHttpServletResponse> queued = CompletableFuture.supplyAsync(() -> call(limit, "/v1/x", () -> {
		}), threads);
		// The queue holds one: once the second request waits in it, a third is refused at once.
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limit.waiting() == 1);
		MockHttpServletResponse refused = call(limit, "/v1/x", () -> {
		});
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentType()).isEqualTo("application/problem+json");
		assertThat(refused.getContentAsString()).contains("\"code\":\"overloaded\"");
		assertThat(call(limit, "/actuator/health/readiness", () -> {
		}).getStatus()).isEqualTo(200);

		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(queued.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		threads.shutdown();
	}

	private static MockHttpServletResponse call(RequestLimit limit, String path, Runnable work) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setRequestURI(path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			limit.doFilter(request, response, (req, res) -> work.run());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return response;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
