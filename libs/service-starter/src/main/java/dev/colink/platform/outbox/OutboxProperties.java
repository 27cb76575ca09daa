package dev.colink.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay's pace.
 *
 * @param enabled      whether this service relays its outbox
 * @param batchSize    events published per transaction
 * @param pollInterval how often an idle relay looks for rows another instance's commit left (a local commit wakes it at once)
 * @param sendTimeout  how long a batch may wait for Kafka's acknowledgements
 * @param maxBackoff   the longest pause between attempts while Kafka or the database is unavailable
 */
@ConfigurationProperties("colink.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("500") int batchSize,
		@DefaultValue("500ms") Duration pollInterval, @DefaultValue("10s") Duration sendTimeout,
		@DefaultValue("10s") Duration maxBackoff) {
}
