package dev.colink.objectstore;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
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

	/** S3 error codes of a conditional request whose condition no longer holds. */
	private static final Set<String> CHANGED = Set.of("PreconditionFailed");

	/** S3 error codes of a create-bucket request that lost a race with another creator. */
	private static final Set<String> ALREADY_CREATED = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

	private final MinioClient client;

	/** Signs presigned URLs: the same client, or one for the public endpoint (it only signs, never connects). */
	private final MinioClient signer;

	private final ObjectStoreProperties properties;

	public ObjectStore(MinioClient client, ObjectStoreProperties properties) {
		this(client, client, properties);
	}

	public ObjectStore(MinioClient client, MinioClient signer, ObjectStoreProperties properties) {
		this.client = client;
		this.signer = signer;
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

	/** A URL the client PUTs the file's bytes to, valid for the configured upload TTL. */
	public PresignedUrl presignUpload(String key) {
		return presign(Method.PUT, key, this.properties.presignTtl(), Map.of());
	}

	/** A URL the client GETs the file's bytes from, valid for the configured TTL. */
	public PresignedUrl presignDownload(String key) {
		return presign(Method.GET, key, this.properties.presignTtl(), Map.of());
	}

	/**
	 * A URL the client GETs the file's bytes from, valid for the configured download TTL, whose response carries
	 * the given content type and a {@code Content-Disposition: attachment} with the file name: what the uploader
	 * sent as Content-Type is not signed and never reaches the reader, and a browser saves the file instead of
	 * rendering it on the store's origin.
	 */
	public PresignedUrl presignDownload(String key, String contentType, String filename) {
		return presign(Method.GET, key, this.properties.downloadTtl(), Map.of("response-content-type", contentType,
				"response-content-disposition", attachment(filename)));
	}

	/** Size, content type and ETag of the object under the key, or empty when there is none. */
	public Optional<StoredObject> head(String key) {
		try {
			StatObjectResponse stat = this.client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
			return Optional.of(new StoredObject(key, stat.size(), stat.contentType(), stat.etag()));
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

	/**
	 * Copies {@code source} to {@code target} on the server, provided the source still has the ETag seen before
	 * (the copy is of exactly the bytes that were checked).
	 * @return false when the source is gone or was overwritten since
	 */
	public boolean copyIfUnchanged(String source, String etag, String target) {
		try {
			this.client.copyObject(CopyObjectArgs.builder()
				.bucket(bucket())
				.object(target)
				.source(CopySource.builder().bucket(bucket()).object(source).matchETag(etag).build())
				.build());
			return true;
		}
		catch (ErrorResponseException ex) {
			if (ABSENT.contains(ex.errorResponse().code()) || CHANGED.contains(ex.errorResponse().code())) {
				return false;
			}
			throw new ObjectStoreException("Copy of " + source + " to " + target + " failed", ex);
		}
		catch (Exception ex) {
			throw new ObjectStoreException("Copy of " + source + " to " + target + " failed", ex);
		}
	}

	/** The object's bytes as a stream the caller closes, or empty when there is none. */
	public Optional<InputStream> read(String key) {
		try {
			return Optional.of(this.client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build()));
		}
		catch (ErrorResponseException ex) {
			if (ABSENT.contains(ex.errorResponse().code())) {
				return Optional.empty();
			}
			throw new ObjectStoreException("GET of " + key + " failed", ex);
		}
		catch (Exception ex) {
			throw new ObjectStoreException("GET of " + key + " failed", ex);
		}
	}

	/** Deletes the object; deleting a key that holds nothing succeeds. */
	public void delete(String key) {
		try {
			this.client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
		}
		catch (Exception ex) {
			throw new ObjectStoreException("DELETE of " + key + " failed", ex);
		}
	}

	private PresignedUrl presign(Method method, String key, Duration ttl, Map<String, String> responseOverrides) {
		try {
			// Signed locally: with the region configured, the client makes no request to the store here.
			String url = this.signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
				.method(method)
				.bucket(bucket())
				.object(key)
				.expiry((int) ttl.toSeconds())
				.extraQueryParams(responseOverrides)
				.build());
			return new PresignedUrl(URI.create(url), ttl);
		}
		catch (Exception ex) {
			throw new ObjectStoreException("Could not presign " + method + " of " + key, ex);
		}
	}

	/** {@code attachment} with an ASCII fallback name and the exact UTF-8 name (RFC 6266, RFC 8187). */
	static String attachment(String filename) {
		StringBuilder ascii = new StringBuilder(filename.length());
		filename.codePoints()
			.map((c) -> (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '_')
			.forEach(ascii::appendCodePoint);
		String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
		return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
	}

}
