package dev.colink.search.opensearch;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when the cluster health is green or yellow (one node: replicas are never assigned, so yellow is normal). */
class OpenSearchHealthIndicator extends AbstractHealthIndicator {

	private final OpenSearchClient client;

	OpenSearchHealthIndicator(OpenSearchClient client) {
		super("OpenSearch health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		HealthResponse health = this.client.cluster().health();
		HealthStatus status = health.status();
		(status == HealthStatus.Red ? builder.down() : builder.up()).withDetail("cluster", health.clusterName())
			.withDetail("status", status.jsonValue())
			.withDetail("nodes", health.numberOfNodes());
	}

}
