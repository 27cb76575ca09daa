package dev.colink.objectstore;

import io.minio.MinioClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The MinIO client for the configured endpoint, the bucket (created at start-up) and its health indicator (named
 * {@code objectStore} in the health groups). Active once {@code colink.object-store.endpoint} is set.
 */
@AutoConfiguration
@ConditionalOnProperty("colink.object-store.endpoint")
@EnableConfigurationProperties(ObjectStoreProperties.class)
public class ObjectStoreAutoConfiguration {

	/** The SDK waits up to 5 minutes by default; metadata requests are small, a copy of 100 MB is not. */
	private static final long CONNECT_TIMEOUT_MILLIS = 3_000;

	private static final long READ_WRITE_TIMEOUT_MILLIS = 60_000;

	@Bean(destroyMethod = "close")
	MinioClient minioClient(ObjectStoreProperties properties) {
		return client(properties.endpoint().toString(), properties);
	}

	@Bean
	ObjectStore objectStore(MinioClient minioClient, ObjectStoreProperties properties) {
		// Presigning is local (the region is set, so the SDK asks the store nothing): a second client signs for the
		// public endpoint and never opens a connection.
		MinioClient signer = properties.presignEndpoint().equals(properties.endpoint().toString()) ? minioClient
				: client(properties.presignEndpoint(), properties);
		ObjectStore objectStore = new ObjectStore(minioClient, signer, properties);
		objectStore.ensureBucket();
		return objectStore;
	}

	private static MinioClient client(String endpoint, ObjectStoreProperties properties) {
		MinioClient client = MinioClient.builder()
			.endpoint(endpoint)
			.region(properties.region())
			.credentials(properties.accessKey(), properties.secretKey())
			.build();
		client.setTimeout(CONNECT_TIMEOUT_MILLIS, READ_WRITE_TIMEOUT_MILLIS, READ_WRITE_TIMEOUT_MILLIS);
		return client;
	}

	@Bean
	ObjectStoreHealthIndicator objectStoreHealthIndicator(ObjectStore objectStore) {
		return new ObjectStoreHealthIndicator(objectStore);
	}

}
