package dev.colink.realtime;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The real-time gateway's settings.
 *
 * @param instanceId   this instance's name in the connection registry; random when not set
 * @param ticketTtl    how long a WebSocket ticket can be used (once)
 * @param idleTimeout  a connection that sends nothing (not even a ping) this long is closed
 * @param sendQueue    frames waiting for a slow client before its connection is closed
 * @param replayEvents how many events per user the replay window keeps
 * @param replayTtl    how long a user's replay window lives after their last event
 * @param activeTtl    for how long after a user's last connection events are still recorded for their replay
 * @param maxConnectionsPerUser sockets one user may hold on one instance; the next is closed with 4029
 */
@ConfigurationProperties("colink.realtime")
public record RealtimeProperties(String instanceId, @DefaultValue("30s") Duration ticketTtl,
		@DefaultValue("75s") Duration idleTimeout, @DefaultValue("1024") int sendQueue,
		@DefaultValue("1000") int replayEvents, @DefaultValue("24h") Duration replayTtl,
		@DefaultValue("24h") Duration activeTtl, @DefaultValue("16") int maxConnectionsPerUser) {

	public RealtimeProperties {
		if (instanceId == null || instanceId.isBlank()) {
			instanceId = "rt-" + UUID.randomUUID().toString().substring(0, 8);
		}
	}

}
