package dev.colink.objectstore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when the object store answers and the files bucket exists. */
class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

	private final ObjectStore objectStore;

	ObjectStoreHealthIndicator(ObjectStore objectStore) {
		super("Object store health check failed");
		this.objectStore = objectStore;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		(this.objectStore.bucketExists() ? builder.up() : builder.down().withDetail("error", "bucket is missing"))
			.withDetail("bucket", this.objectStore.bucket());
	}

}
