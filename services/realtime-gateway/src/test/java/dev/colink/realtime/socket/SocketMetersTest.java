package dev.colink.realtime.socket;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketMetersTest {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final SocketMeters meters = new SocketMeters(this.registry);

	@Test
	void aLiveNewMessageIsMeasuredFromItsCreation() {
		Instant createdAt = Instant.now().minus(2, ChronoUnit.SECONDS);

		this.meters.delivered("{\"type\":\"message.new\",\"seq\":7,\"data\":{\"messageId\":\"m\",\"text\":"
				+ "\"\\\"createdAt\\\":\\\"2000-01-01T00:00:00Z\\\"\",\"createdAt\":\"" + createdAt + "\"}}");

		Timer latency = this.registry.get("colink.realtime.delivery.latency").timer();
		assertThat(latency.count()).isOne();
		assertThat(latency.totalTime(TimeUnit.SECONDS)).isBetween(2.0, 60.0);
	}

	@Test
	void framesThatAnnounceNoCreationAreNotMeasured() {
		String createdAt = Instant.now().minus(1, ChronoUnit.DAYS).toString();

		this.meters.delivered("{\"type\":\"message.updated\",\"seq\":8,\"data\":{\"createdAt\":\"" + createdAt + "\"}}");
		this.meters.delivered("{\"type\":\"presence.update\",\"seq\":9,\"data\":{\"status\":\"online\"}}");
		this.meters.delivered("{\"type\":\"message.new\",\"seq\":10,\"data\":{\"createdAt\":\"not a time\"}}");

		assertThat(this.registry.get("colink.realtime.delivery.latency").timer().count()).isZero();
	}

	@Test
	void onlyTheSlowConsumersCloseIsCounted() {
		this.meters.closing(RealtimeSocketHandler.SLOW_CONSUMER.getCode());
		this.meters.closing(RealtimeSocketHandler.IDLE.getCode());

		assertThat(this.registry.get("colink.realtime.slow.consumer.closes").counter().count()).isOne();
	}

}
