package dev.colink.search.opensearch;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the message index lives. The default in application.yml comes from COLINK_OPENSEARCH_URL.
 *
 * @param url base URL of the OpenSearch REST API (scheme, host, port; a path is used as a prefix)
 */
@Validated
@ConfigurationProperties("colink.opensearch")
public record OpenSearchProperties(@NotNull URI url) {
}
