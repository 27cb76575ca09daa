package dev.colink.search.message;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The message index.
 *
 * @param alias           the name every read and write goes through; a rebuild swaps the index behind it
 * @param replicas        replicas per shard (0 on a single node)
 * @param refreshInterval how soon an indexed message becomes searchable (the freshness target is 1 s)
 * @param maxTotal        up to which count {@code total} is exact
 */
@ConfigurationProperties("colink.search")
public record SearchProperties(@DefaultValue("colink-messages") String alias, @DefaultValue("0") int replicas,
		@DefaultValue("500ms") Duration refreshInterval, @DefaultValue("10000") int maxTotal) {
}
