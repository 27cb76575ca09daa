package dev.colink.files.file;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.platform.internal.InternalSignatures;

/** Asks the av-scanner for a scan ({@code POST /scan {fileId, objectKey}}, signed); it answers 202 and calls back. */
@Component
class ScannerClient {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(CONNECT_TIMEOUT)
		.build();

	private final URI scanUrl;

	private final InternalSignatures signatures;

	private final JsonMapper json;

	ScannerClient(FilesProperties properties, InternalSignatures signatures, JsonMapper json) {
		this.scanUrl = properties.scanner().url().resolve("/scan");
		this.signatures = signatures;
		this.json = json;
	}

	/**
	 * Asks for the scan of the object under {@code objectKey}.
	 * @return true when the scanner accepted it (202); false when it is unreachable, busy or refused it
	 */
	boolean requestScan(UUID fileId, String objectKey) {
		byte[] body = this.json.writeValueAsBytes(new ScanRequest(fileId.toString(), objectKey));
		HttpRequest request = HttpRequest.newBuilder(this.scanUrl)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.header(InternalSignatures.HEADER, this.signatures.sign("POST", this.scanUrl.getPath(), body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	String address() {
		return this.scanUrl.toString();
	}

	record ScanRequest(String fileId, String objectKey) {
	}

}
