package dev.colink.files.objectstore;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files service's bucket in the object store: presigned URLs for clients to upload and download directly,
 * and HEAD requests to see what was really stored (a presigned PUT does not sign the Content-Type or the size,
 * so both must be checked here, not taken from the upload request).
 */
public class ObjectStore {

	private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

	/** S3 error codes of a HEAD on a key that holds nothing. */
	private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

	/** S3 error codes of a create-bucket request that lost a race with another creator. */
	private static final Set<String> ALREADY_CREATED = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

	private final MinioClient client;

	private final ObjectStoreProperties properties;

	public ObjectStore(MinioClient client, ObjectStoreProperties properties) {
		this.client = client;
		this.properties = properties;
	}

	public String bucket() {
		return this.properties.bucket();
	}

	/**
	 * Creates the bucket unless it exists. Safe to run from several instances at once: losing the race to create
	 * it counts as success once the bucket is seen to exist.
	 */
	public void ensureBucket() {
		try {
			if (bucketExists()) {
				return;
			}
			try {
				this.client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).region(this.properties.region()).build());
				log.info("Created bucket {} at {}", bucket(), this.properties.endpoint());
			}
			catch (ErrorResponseException ex) {
				if (!ALREADY_CREATED.contains(ex.errorResponse().code()) || !bucketExists()) {
					throw ex;
				}
			}
		}
		catch (ObjectStoreException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ObjectStoreException("Could not create bucket " + bucket() + " at " + this.properties.endpoint(), ex);
		}
	}

	public boolean bucketExists() {
		try {
			return this.client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build());
		}
		catch (Exception ex) {
			throw new ObjectStoreException("Could not reach the object store at " + this.properties.endpoint(), ex);
		}
	}

	/** A URL the client PUTs the file's bytes to, valid for the configured TTL. */
	public PresignedUrl presignUpload(String key) {
		return presign(Method.PUT, key);
	}

	/** A URL the client GETs the file's bytes from, valid for the configured TTL. */
	public PresignedUrl presignDownload(String key) {
		return presign(Method.GET, key);
	}

	/** Size and content type of the object under the key, or empty when there is none. */
	public Optional<StoredObject> head(String key) {
		try {
			StatObjectResponse stat = this.client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
			return Optional.of(new StoredObject(key, stat.size(), stat.contentType()));
		}
		catch (ErrorResponseException ex) {
			if (ABSENT.contains(ex.errorResponse().code())) {
				return Optional.empty();
			}
			throw new ObjectStoreException("HEAD of " + key + " failed", ex);
		}
		catch (Exception ex) {
			throw new ObjectStoreException("HEAD of " + key + " failed", ex);
		}
	}

	private PresignedUrl presign(Method method, String key) {
		try {
			// Signed locally: with the region configured, the client makes no request to the store here.
			String url = this.client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
				.method(method)
				.bucket(bucket())
				.object(key)
				.expiry((int) this.properties.presignTtl().toSeconds())
				.build());
			return new PresignedUrl(URI.create(url), this.properties.presignTtl());
		}
		catch (Exception ex) {
			throw new ObjectStoreException("Could not presign " + method + " of " + key, ex);
		}
	}

}
