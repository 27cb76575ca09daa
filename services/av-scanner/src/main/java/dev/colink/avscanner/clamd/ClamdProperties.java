package dev.colink.avscanner.clamd;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where clamd listens and how the client talks to it.
 *
 * @param host           clamd's TCP address
 * @param port           clamd's TCP port
 * @param connectTimeout how long to wait for a connection; also the wait for a PING's reply
 * @param readTimeout    how long to wait for a scan's verdict once the stream is sent (clamd scans only then, and
 *                       a 100 MB upload or an archive that unpacks to more takes a while on a small machine)
 * @param chunkSize      size of the INSTREAM chunks the content is sent in (the content is never held whole)
 */
@ConfigurationProperties("colink.clamd")
public record ClamdProperties(@DefaultValue("127.0.0.1") String host, @DefaultValue("3310") int port,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5m") Duration readTimeout,
		@DefaultValue("64KB") DataSize chunkSize) {
}
