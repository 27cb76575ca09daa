package dev.colink.avscanner.scan;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.avscanner.clamd.ScanVerdict;
import dev.colink.platform.internal.InternalSignatures;

/** Sends a verdict to files ({@code POST /files/{id}/scan-result {status, signature?, reason?}}, signed). */
@Component
class VerdictReporter {

	private static final Logger log = LoggerFactory.getLogger(VerdictReporter.class);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final URI filesUrl;

	private final InternalSignatures signatures;

	private final JsonMapper json;

	VerdictReporter(ScannerProperties properties, InternalSignatures signatures, JsonMapper json) {
		this.filesUrl = properties.filesUrl();
		this.signatures = signatures;
		this.json = json;
	}

	/**
	 * Reports the verdict on the file.
	 * @return true once files answered it: recorded (2xx), or refused (4xx: sending it again would not help, and is
	 * logged); false when files could not be reached or failed (5xx), to try again
	 */
	boolean report(String fileId, ScanVerdict verdict) {
		String path = "/files/" + fileId + "/scan-result";
		byte[] body = this.json.writeValueAsBytes(result(verdict));
		HttpRequest request = HttpRequest.newBuilder(this.filesUrl.resolve(path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header(InternalSignatures.HEADER, this.signatures.sign("POST", path, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 400 && response.statusCode() < 500) {
				log.error("files refused the verdict on {}: {} {}", fileId, response.statusCode(), response.body());
			}
			return response.statusCode() < 500;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Result result(ScanVerdict verdict) {
		if (verdict instanceof ScanVerdict.Infected infected) {
			return new Result("infected", infected.signature(), null);
		}
		if (verdict instanceof ScanVerdict.Failed failed) {
			return new Result("failed", null, failed.reason());
		}
		return new Result("clean", null, null);
	}

	@JsonInclude(Include.NON_NULL)
	record Result(String status, String signature, String reason) {
	}

}
