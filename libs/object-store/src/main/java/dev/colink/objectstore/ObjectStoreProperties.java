package dev.colink.objectstore;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where uploaded files live: an S3-compatible object store (MinIO, S3Proxy, AWS S3). The defaults in
 * application.yml come from the COLINK_S3_* variables of the local stack.
 *
 * @param endpoint base URL of the S3 API as the services reach it; also where presigned URLs point, unless
 *                 publicEndpoint is set
 * @param accessKey access key the requests and presigned URLs are signed with
 * @param secretKey secret key the requests and presigned URLs are signed with
 * @param bucket the one bucket of uploaded files, created at start-up if missing
 * @param region signing region (and the bucket's location constraint)
 * @param presignTtl how long a presigned upload URL stays valid
 * @param downloadTtl how long a presigned download URL handed to a reader stays valid
 * @param publicEndpoint base URL of the same S3 API as clients reach it, when that differs from {@code endpoint}
 *                 (in a container network the services' endpoint is an internal name): presigned URLs point there
 *                 and are signed for that host; blank for {@code endpoint}
 */
@Validated
@ConfigurationProperties("colink.object-store")
public record ObjectStoreProperties(@NotNull URI endpoint, @NotBlank String accessKey, @NotBlank String secretKey,
		@DefaultValue("colink-files") @NotBlank String bucket, @DefaultValue("us-east-1") @NotBlank String region,
		@DefaultValue("300s") @NotNull Duration presignTtl, @DefaultValue("120s") @NotNull Duration downloadTtl,
		String publicEndpoint) {

	/** Where presigned URLs point: the public endpoint when one is set, else the services' own. */
	public String presignEndpoint() {
		return (this.publicEndpoint != null && !this.publicEndpoint.isBlank()) ? this.publicEndpoint
				: this.endpoint.toString();
	}

}
