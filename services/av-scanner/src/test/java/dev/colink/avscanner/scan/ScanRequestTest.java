package dev.colink.avscanner.scan;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.colink.platform.internal.InternalSignatures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /scan} takes signed requests from files only, and names what is wrong with a bad one. (Scans
 * themselves, with the real clamd and S3 server, are the files service's journey tests.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScanRequestTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	InternalSignatures signatures;

	@Test
	void anUnsignedOrBadlySignedRequestIsRefused() throws Exception {
		byte[] body = "{\"fileId\":\"f\",\"objectKey\":\"files/f\"}".getBytes(StandardCharsets.UTF_8);

		assertThat(post(body, null).statusCode()).isEqualTo(401);
		assertThat(post(body, this.signatures.sign("POST", "/other", body)).statusCode()).isEqualTo(401);
		HttpResponse<String> forged = post(body, this.signatures.sign("POST", "/scan", "{}".getBytes(StandardCharsets.UTF_8)));
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).contains("\"code\":\"invalid_signature\"");
	}

	@Test
	void aSignedRequestWithoutItsFieldsIsRefusedNamingThem() throws Exception {
		byte[] noKey = "{\"fileId\":\"f\"}".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> refused = post(noKey, this.signatures.sign("POST", "/scan", noKey));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("\"field\":\"objectKey\"");

		byte[] notJson = "{\"fileId\":".getBytes(StandardCharsets.UTF_8);
		assertThat(post(notJson, this.signatures.sign("POST", "/scan", notJson)).statusCode()).isEqualTo(400);
	}

	@Test
	void theSameSignedRequestSentTwiceIsRefusedTheSecondTime() throws Exception {
		// A body without its object key: the first receipt passes the signature and claims the nonce, and starts no scan.
		byte[] noKey = "{\"fileId\":\"f\"}".getBytes(StandardCharsets.UTF_8);
		String signature = this.signatures.sign("POST", "/scan", noKey);

		assertThat(post(noKey, signature).statusCode()).isEqualTo(400);
		HttpResponse<String> replayed = post(noKey, signature);
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(409);
		assertThat(replayed.body()).contains("\"code\":\"replayed_request\"");
		assertThat(post(noKey, this.signatures.sign("POST", "/scan", noKey)).statusCode())
			.as("signed anew, it is another request").isEqualTo(400);
	}

	private HttpResponse<String> post(byte[] body, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/scan"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header(InternalSignatures.HEADER, signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
