package dev.colink.objectstore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object store plumbing against the real S3 server of the running stack, configured from the service's own
 * application.yml (COLINK_S3_* variables): presigned upload and download with a plain HTTP client, HEAD, and the
 * server refusing a tampered signature.
 */
@SpringBootTest(classes = ObjectStoreAutoConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ObjectStoreTest {

	private static final byte[] PDF = "%PDF-1.7\nnot much of a report\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final List<String> keysToRemove = new ArrayList<>();

	@Autowired
	ObjectStore objectStore;

	@Autowired
	MinioClient minioClient;

	@Autowired
	ObjectStoreProperties properties;

	@AfterEach
	void removeObjects() throws Exception {
		for (String key : this.keysToRemove) {
			this.minioClient.removeObject(RemoveObjectArgs.builder().bucket(this.objectStore.bucket()).object(key).build());
		}
	}

	@Test
	void theBucketExistsOnceTheServiceHasStarted() {
		assertThat(this.objectStore.bucketExists()).isTrue();
	}

	@Test
	void anUploadThroughThePresignedUrlIsStoredWithTheSizeAndContentTypeSent() throws Exception {
		String key = newKey();

		PresignedUrl upload = this.objectStore.presignUpload(key);
		HttpResponse<String> put = put(upload.url(), PDF, "application/pdf");

		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		assertThat(upload.expiresIn()).isEqualTo(this.properties.presignTtl());
		assertThat(upload.url().getQuery()).contains("X-Amz-Expires=" + this.properties.presignTtl().toSeconds());
		StoredObject stored = this.objectStore.head(key).orElseThrow();
		assertThat(stored.size()).isEqualTo(PDF.length);
		assertThat(stored.contentType()).isEqualTo("application/pdf");
		assertThat(stored.etag()).isNotBlank();

		HttpResponse<byte[]> get = this.http.send(HttpRequest.newBuilder(this.objectStore.presignDownload(key).url()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isEqualTo(PDF);
	}

	@Test
	void headOfAKeyThatHoldsNothingIsEmpty() {
		assertThat(this.objectStore.head(newKey())).isEmpty();
	}

	@Test
	void aTamperedSignatureIsRefused() throws Exception {
		String key = newKey();
		assertThat(put(this.objectStore.presignUpload(key).url(), PDF, "application/pdf").statusCode()).isEqualTo(200);

		HttpResponse<String> get = this.http.send(
				HttpRequest.newBuilder(tamper(this.objectStore.presignDownload(key).url())).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).as(get.body()).isEqualTo(403);

		String otherKey = newKey();
		HttpResponse<String> put = put(tamper(this.objectStore.presignUpload(otherKey).url()), PDF, "application/pdf");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
		assertThat(this.objectStore.head(otherKey)).isEmpty();
	}

	@Test
	void withAPublicEndpointTheUrlsNameItAndAreSignedForIt() throws Exception {
		// Clients reach the store as files.colink.test:9000 (a proxy or an ingress passes the Host on).
		ObjectStoreProperties exposed = new ObjectStoreProperties(this.properties.endpoint(), this.properties.accessKey(),
				this.properties.secretKey(), this.properties.bucket(), this.properties.region(),
				this.properties.presignTtl(), this.properties.downloadTtl(), "http://files.colink.test:9000");
		MinioClient signer = MinioClient.builder()
			.endpoint(exposed.presignEndpoint())
			.region(exposed.region())
			.credentials(exposed.accessKey(), exposed.secretKey())
			.build();
		ObjectStore store = new ObjectStore(this.minioClient, signer, exposed);
		String key = newKey();
		URI upload = store.presignUpload(key).url();
		assertThat(upload.getHost()).isEqualTo("files.colink.test");

		assertThat(putThrough(upload, "files.colink.test:9000")).as("signed for the public host").startsWith("HTTP/1.1 200");
		assertThat(this.objectStore.head(key)).isPresent();
		assertThat(putThrough(upload, this.properties.endpoint().getAuthority())).as("not for the internal one")
			.startsWith("HTTP/1.1 403");
	}

	/** PUTs the PDF to the presigned URL's path and query at the store itself, with the given Host header. */
	private String putThrough(URI presigned, String host) throws Exception {
		URI store = this.properties.endpoint();
		try (java.net.Socket socket = new java.net.Socket(store.getHost(), store.getPort())) {
			String head = "PUT " + presigned.getRawPath() + "?" + presigned.getRawQuery() + " HTTP/1.1\r\nHost: " + host
					+ "\r\nContent-Type: application/pdf\r\nContent-Length: " + PDF.length + "\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(PDF);
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void instancesCreatingTheBucketAtOnceAllSucceed() throws Exception {
		ObjectStoreProperties fresh = new ObjectStoreProperties(this.properties.endpoint(), this.properties.accessKey(),
				this.properties.secretKey(), "colink-test-" + UUID.randomUUID(), this.properties.region(),
				this.properties.presignTtl(), this.properties.downloadTtl(), null);
		ObjectStore store = new ObjectStore(this.minioClient, fresh);
		Callable<Void> ensure = () -> {
			store.ensureBucket();
			return null;
		};
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (Future<Void> outcome : pool.invokeAll(List.of(ensure, ensure, ensure, ensure))) {
				outcome.get();
			}
			store.ensureBucket();
			assertThat(store.bucketExists()).isTrue();
		}
		finally {
			pool.shutdown();
			this.minioClient.removeBucket(RemoveBucketArgs.builder().bucket(fresh.bucket()).build());
		}
	}

	@Test
	void aDownloadUrlServesTheGivenTypeAsAnAttachmentNamedLikeTheFile() throws Exception {
		String key = newKey();
		assertThat(put(this.objectStore.presignUpload(key).url(), PDF, "text/html").statusCode()).isEqualTo(200);

		PresignedUrl download = this.objectStore.presignDownload(key, "application/pdf", "Bericht März \"final\".pdf");
		HttpResponse<byte[]> get = this.http.send(HttpRequest.newBuilder(download.url()).build(),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isEqualTo(PDF);
		assertThat(download.expiresIn()).isEqualTo(this.properties.downloadTtl());
		assertThat(get.headers().firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(get.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"Bericht M_rz _final_.pdf\"; filename*=UTF-8''Bericht%20M%C3%A4rz%20%22final%22.pdf");
	}

	@Test
	void aCopyIsMadeOnlyOfTheBytesWhoseETagWasSeen() throws Exception {
		String source = newKey();
		String target = newKey();
		assertThat(put(this.objectStore.presignUpload(source).url(), PDF, "application/pdf").statusCode()).isEqualTo(200);
		String etag = this.objectStore.head(source).orElseThrow().etag();

		byte[] other = "%PDF-1.7\nsomething else entirely\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(put(this.objectStore.presignUpload(source).url(), other, "application/pdf").statusCode()).isEqualTo(200);
		assertThat(this.objectStore.copyIfUnchanged(source, etag, target)).isFalse();
		assertThat(this.objectStore.head(target)).isEmpty();

		String current = this.objectStore.head(source).orElseThrow().etag();
		assertThat(this.objectStore.copyIfUnchanged(source, current, target)).isTrue();
		try (var copied = this.objectStore.read(target).orElseThrow()) {
			assertThat(copied.readAllBytes()).isEqualTo(other);
		}
		assertThat(this.objectStore.copyIfUnchanged(newKey(), current, newKey())).isFalse();
	}

	@Test
	void aDeletedObjectReadsAsAbsentAndDeletingNothingSucceeds() throws Exception {
		String key = newKey();
		assertThat(put(this.objectStore.presignUpload(key).url(), PDF, "application/pdf").statusCode()).isEqualTo(200);

		this.objectStore.delete(key);
		this.objectStore.delete(key);

		assertThat(this.objectStore.read(key)).isEmpty();
		assertThat(this.objectStore.head(key)).isEmpty();
	}

	@Test
	void theStoreRefusesAPresignedUrlOnceItExpired() throws Exception {
		ObjectStoreProperties shortLived = new ObjectStoreProperties(this.properties.endpoint(),
				this.properties.accessKey(), this.properties.secretKey(), this.properties.bucket(),
				this.properties.region(), Duration.ofSeconds(1), Duration.ofSeconds(1), null);
		ObjectStore store = new ObjectStore(this.minioClient, shortLived);
		String key = newKey();
		PresignedUrl upload = store.presignUpload(key);
		assertThat(put(upload.url(), PDF, "application/pdf").statusCode()).isEqualTo(200);
		PresignedUrl download = store.presignDownload(key, "application/pdf", "report.pdf");

		// S3 signatures count whole seconds: the URLs are refused from the second after their expiry on.
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(this.http.send(HttpRequest.newBuilder(download.url()).build(),
					HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
			assertThat(put(upload.url(), PDF, "application/pdf").statusCode()).isEqualTo(403);
		});
	}

	private HttpResponse<String> put(URI url, byte[] body, String contentType) throws Exception {
		return this.http.send(HttpRequest.newBuilder(url)
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String newKey() {
		String key = "test/" + UUID.randomUUID() + "/report.pdf";
		this.keysToRemove.add(key);
		return key;
	}

	/** The same URL with the last hex digit of its signature changed. */
	private static URI tamper(URI presigned) {
		String url = presigned.toString();
		int end = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length() + 64;
		char last = url.charAt(end - 1);
		return URI.create(url.substring(0, end - 1) + (last == '0' ? '1' : '0') + url.substring(end));
	}

}
