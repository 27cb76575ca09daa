package dev.colink.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.colink.platform.metrics.CachedReading;

/**
 * The outbox of one service, measured: {@code colink.outbox.backlog} (rows waiting), {@code colink.outbox.oldest.age}
 * (seconds since the oldest waiting row was written, 0 when none waits) and {@code colink.outbox.relayed{topic}}
 * (events Kafka acknowledged). The gauges share one query, run at most once per {@link #MAX_AGE} whatever the scrape
 * rate; the age is counted from the oldest row's time at each read, so it keeps rising between queries.
 */
public class OutboxMeters {

	static final Duration MAX_AGE = Duration.ofSeconds(5);

	private static final String BACKLOG = """
			select count(*) as rows,
			  (select created_at from outbox where source = :source order by id limit 1) as oldest
			from outbox where source = :source""";

	private final MeterRegistry registry;

	private final Map<String, Counter> relayed = new ConcurrentHashMap<>();

	private final CachedReading<Backlog> backlog;

	public OutboxMeters(JdbcClient jdbc, String source, MeterRegistry registry) {
		this.registry = registry;
		this.backlog = new CachedReading<>(MAX_AGE, () -> jdbc.sql(BACKLOG)
			.param("source", source)
			.query((rs, row) -> new Backlog(rs.getLong("rows"),
					(rs.getObject("oldest", OffsetDateTime.class) != null)
							? rs.getObject("oldest", OffsetDateTime.class).toInstant() : null))
			.single());
		Gauge.builder("colink.outbox.backlog", this, OutboxMeters::rows)
			.description("Outbox rows of this service waiting to be relayed to Kafka")
			.baseUnit("rows")
			.register(registry);
		Gauge.builder("colink.outbox.oldest.age", this, OutboxMeters::oldestAge)
			.description("Age of this service's oldest outbox row waiting to be relayed (0 when none waits)")
			.baseUnit("seconds")
			.register(registry);
	}

	/** Counts events the relay published (acknowledged by Kafka) on a topic. */
	public void relayed(String topic, int events) {
		this.relayed.computeIfAbsent(topic, (name) -> Counter.builder("colink.outbox.relayed")
			.description("Outbox events published to Kafka and acknowledged")
			.baseUnit("events")
			.tag("topic", name)
			.register(this.registry)).increment(events);
	}

	private double rows() {
		Backlog now = this.backlog.get();
		return (now != null) ? now.rows() : Double.NaN;
	}

	private double oldestAge() {
		Backlog now = this.backlog.get();
		if (now == null) {
			return Double.NaN;
		}
		return (now.oldest() != null) ? Math.max(0, Duration.between(now.oldest(), Instant.now()).toMillis() / 1000.0) : 0;
	}

	private record Backlog(long rows, Instant oldest) {
	}

}
