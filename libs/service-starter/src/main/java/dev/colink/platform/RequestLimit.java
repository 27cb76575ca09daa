package dev.colink.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bounded queue in front of a servlet service. With virtual threads nothing else bounds how many requests a
 * service works on at once, so a burst beyond its capacity would pile up in memory until the heap runs out. Here at
 * most {@code maxConcurrent} requests run, at most {@code maxQueued} more wait up to {@code maxWait} for a turn, and
 * the rest are answered at once with {@code 503 overloaded} and {@code Retry-After}, which clients and the gateway
 * can retry. Health probes are never held back. Its meters ({@code colink.request.limit.running}, {@code .waiting},
 * {@code .refused}, tag {@code limit=server}) read the semaphore and the queue counter, and count refusals.
 */
public class RequestLimit extends OncePerRequestFilter implements MeterBinder {

	private static final byte[] OVERLOADED = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
			+ "\"detail\":\"The service is at capacity; retry shortly.\",\"code\":\"overloaded\"}")
		.getBytes(StandardCharsets.UTF_8);

	private final Semaphore running;

	private final AtomicInteger queued = new AtomicInteger();

	private final Properties properties;

	private volatile Counter refused;

	/**
	 * @param maxConcurrent requests served at once
	 * @param maxQueued     requests allowed to wait for a turn
	 * @param maxWait       how long a request waits before it is refused
	 */
	@ConfigurationProperties("colink.server.request-limit")
	public record Properties(@DefaultValue("true") boolean enabled, @DefaultValue("256") int maxConcurrent,
			@DefaultValue("2048") int maxQueued, @DefaultValue("2s") Duration maxWait) {
	}

	public RequestLimit(Properties properties) {
		this.properties = properties;
		this.running = new Semaphore(properties.maxConcurrent(), true);
	}

	/** How many requests wait for a turn now. */
	public int waiting() {
		return this.queued.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("colink.request.limit.running", this, (limit) -> limit.properties.maxConcurrent()
				- limit.running.availablePermits())
			.description("Requests being served now (at most colink.server.request-limit.max-concurrent)")
			.tag("limit", "server")
			.register(registry);
		Gauge.builder("colink.request.limit.waiting", this, RequestLimit::waiting)
			.description("Requests waiting for a turn now")
			.tag("limit", "server")
			.register(registry);
		this.refused = Counter.builder("colink.request.limit.refused")
			.description("Requests answered 503 overloaded: the queue was full or the wait too long")
			.tag("limit", "server")
			.register(registry);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!acquire()) {
			Counter refusals = this.refused;
			if (refusals != null) {
				refusals.increment();
			}
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", "1");
			response.setContentType("application/problem+json");
			response.getOutputStream().write(OVERLOADED);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.running.release();
		}
	}

	private boolean acquire() {
		if (this.running.tryAcquire()) {
			return true;
		}
		if (this.queued.incrementAndGet() > this.properties.maxQueued()) {
			this.queued.decrementAndGet();
			return false;
		}
		try {
			return this.running.tryAcquire(this.properties.maxWait().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.queued.decrementAndGet();
		}
	}

}
