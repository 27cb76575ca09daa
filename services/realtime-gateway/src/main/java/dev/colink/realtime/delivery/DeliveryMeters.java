package dev.colink.realtime.delivery;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The journal, timed: {@code colink.realtime.journal.script{script}}, one Redis script call from its sending to its
 * answer ({@code claim_and_record}: an event of a few recipients; {@code record_slice}: 128 members of a large
 * audience; {@code claimed}: which of a poll's events are journaled already), and {@code colink.realtime.fanout},
 * one event from the start of its journaling to the last of its recipients' frames published.
 */
@Component
class DeliveryMeters {

	final Timer claimAndRecord;

	final Timer recordSlice;

	final Timer claimed;

	final Timer fanout;

	DeliveryMeters(MeterRegistry registry) {
		this.claimAndRecord = script(registry, "claim_and_record");
		this.recordSlice = script(registry, "record_slice");
		this.claimed = script(registry, "claimed");
		this.fanout = Timer.builder("colink.realtime.fanout")
			.description("One event's journaling: from its start to the last recipient's frame published")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
	}

	/** Times nothing anyone sees: for a journal built outside the application (a unit test). */
	static DeliveryMeters detached() {
		return new DeliveryMeters(new SimpleMeterRegistry());
	}

	static <T> Flux<T> timed(Timer timer, Flux<T> call) {
		return Flux.defer(() -> {
			Timer.Sample sample = Timer.start();
			return call.doFinally((signal) -> sample.stop(timer));
		});
	}

	static <T> Mono<T> timed(Timer timer, Mono<T> call) {
		return Mono.defer(() -> {
			Timer.Sample sample = Timer.start();
			return call.doFinally((signal) -> sample.stop(timer));
		});
	}

	private static Timer script(MeterRegistry registry, String name) {
		return Timer.builder("colink.realtime.journal.script")
			.description("One journal script in Redis, from its sending to its answer")
			.tag("script", name)
			.register(registry);
	}

}
