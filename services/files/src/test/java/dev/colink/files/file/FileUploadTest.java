package dev.colink.files.file;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.platform.internal.InternalSignatures;
import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.ThreeUsers;
import dev.colink.security.testing.Uploads;

import static dev.colink.security.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journey 4 through the gateway of the running stack, against its real S3 server and real clamd: upload with a
 * presigned URL, confirm, scan, attach, download as another member; the EICAR file ends infected; every refusal of
 * the issue, each a problem body naming its field or code.
 */
class FileUploadTest {

	private static final Duration SCAN = Duration.ofSeconds(60);

	private static final ApiClient api = ApiClient.gateway();

	private static SignedInUser alice;

	private static SignedInUser bob;

	private static SignedInUser carol;

	private static String channelId;

	private static ThreeUsers users;

	@BeforeAll
	static void signInAndMeet() {
		users = ThreeUsers.create("files");
		alice = users.alice();
		bob = users.bob();
		carol = users.carol();
		channelId = users.channelId();
	}

	@AfterAll
	static void removeUsers() {
		users.delete();
	}

	@Test
	void aCleanPngIsScannedAttachedAndDownloadedByAnotherMemberByteForByte() {
		byte[] png = Uploads.png(1);
		JsonNode upload = Uploads.uploadUrl(api, alice.accessToken(), "diagram.png", png.length, "image/png");
		assertThat(upload.get("expiresIn").asInt()).isEqualTo(300);
		String fileId = upload.get("fileId").asString();
		assertThat(api.get("/v1/files/" + fileId, alice.accessToken()).expect(200).get("status").asString())
			.isEqualTo("pending_upload");

		assertThat(Uploads.put(upload.get("presignedUrl").asString(), png, "image/png")).isEqualTo(200);
		JsonNode confirmed = api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null).expect(200);
		assertThat(confirmed.get("id").asString()).isEqualTo(fileId);
		assertThat(confirmed.get("filename").asString()).isEqualTo("diagram.png");
		assertThat(confirmed.get("size").asLong()).isEqualTo(png.length);
		assertThat(confirmed.get("mimeType").asString()).isEqualTo("image/png");
		assertThat(confirmed.get("status").asString()).isIn("scanning", "scanned");

		JsonNode scanned = awaitStatus(fileId, alice, "scanned");
		assertThat(scanned.has("downloadUrl")).isTrue();

		JsonNode message = api.post("/v1/messages", alice.accessToken(),
				json("channelId", channelId, "text", "the diagram", "fileIds", List.of(fileId)))
			.expect(201);
		assertThat(message.get("fileIds").get(0).asString()).isEqualTo(fileId);

		JsonNode seenByBob = api.get("/v1/files/" + fileId, bob.accessToken()).expect(200);
		HttpResponse<byte[]> download = Uploads.get(seenByBob.get("downloadUrl").asString());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(png);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
				(disposition) -> assertThat(disposition).startsWith("attachment; filename=\"diagram.png\""));

		assertThat(problem(api.get("/v1/files/" + fileId, carol.accessToken()), 404)).isEqualTo("file_not_found");
		assertThat(api.get("/v1/files/" + fileId, null).status()).isEqualTo(401);
	}

	@Test
	void theEicarFileEndsInfectedAndIsNeverAttachableOrDownloadable() {
		String fileId = Uploads.uploadAndConfirm(api, alice.accessToken(), "eicar.txt", "text/plain", Uploads.EICAR);

		JsonNode infected = awaitStatus(fileId, alice, "infected");
		assertThat(infected.has("downloadUrl")).isFalse();
		assertThat(infected.get("signature").asString()).containsIgnoringCase("eicar");

		assertThat(problem(api.post("/v1/messages", alice.accessToken(),
				json("channelId", channelId, "text", "see attached", "fileIds", List.of(fileId))), 403))
			.isEqualTo("file_not_attachable");
		assertThat(api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null).expect(200).has("downloadUrl"))
			.isFalse();
		assertThat(api.get("/v1/files/" + fileId, alice.accessToken()).expect(200).get("status").asString())
			.isEqualTo("infected");
	}

	@Test
	void confirmingBeforeTheUploadIsNotFoundAndLeavesThePendingFile() {
		JsonNode upload = Uploads.uploadUrl(api, alice.accessToken(), "later.pdf", 1024, "application/pdf");
		String fileId = upload.get("fileId").asString();

		assertThat(problem(api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null), 404))
			.isEqualTo("file_not_uploaded");
		assertThat(api.get("/v1/files/" + fileId, alice.accessToken()).expect(200).get("status").asString())
			.isEqualTo("pending_upload");
	}

	@Test
	void anUploadLargerThanDeclaredIsRefusedAtConfirm() {
		JsonNode upload = Uploads.uploadUrl(api, alice.accessToken(), "small.bin.pdf", 1024, "application/pdf");
		String fileId = upload.get("fileId").asString();
		byte[] fiveMegabytes = new byte[5 * 1024 * 1024];
		new Random(7).nextBytes(fiveMegabytes);
		assertThat(Uploads.put(upload.get("presignedUrl").asString(), fiveMegabytes, "application/pdf")).isEqualTo(200);

		ApiClient.Answer refused = api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null);

		assertThat(problem(refused, 400)).isEqualTo("file_size_mismatch");
		assertThat(refused.json().get("field").asString()).isEqualTo("size");
		assertThat(api.get("/v1/files/" + fileId, alice.accessToken()).expect(200).get("status").asString())
			.isEqualTo("pending_upload");
		// The oversized object is gone: confirming again finds nothing uploaded.
		assertThat(problem(api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null), 404))
			.isEqualTo("file_not_uploaded");
	}

	@Test
	void uploadRequestsAreCheckedFieldByField() {
		ApiClient.Answer tooLarge = api.post("/v1/files/upload-url", alice.accessToken(),
				json("filename", "huge.zip", "size", 100L * 1024 * 1024, "mimeType", "application/zip"));
		assertThat(problem(tooLarge, 400)).isEqualTo("file_too_large");
		assertThat(tooLarge.json().get("field").asString()).isEqualTo("size");

		ApiClient.Answer executable = api.post("/v1/files/upload-url", alice.accessToken(),
				json("filename", "setup.exe", "size", 1000, "mimeType", "application/x-msdownload"));
		assertThat(problem(executable, 400)).isEqualTo("unsupported_media_type");
		assertThat(executable.json().get("field").asString()).isEqualTo("mimeType");

		assertThat(field(json("size", 10, "mimeType", "text/plain"))).isEqualTo("filename");
		assertThat(field(json("filename", "a.txt", "mimeType", "text/plain"))).isEqualTo("size");
		assertThat(field(json("filename", "a.txt", "size", 0, "mimeType", "text/plain"))).isEqualTo("size");
		assertThat(field(json("filename", "a.txt", "size", "ten", "mimeType", "text/plain"))).isEqualTo("size");
		assertThat(field(json("filename", "a.txt", "size", 10))).isEqualTo("mimeType");
		assertThat(field(json("filename", "a.txt", "size", 10, "mimeType", "text"))).isEqualTo("mimeType");
		assertThat(field(json("filename", "/\u0000\u202e", "size", 10, "mimeType", "text/plain"))).isEqualTo("filename");
		assertThat(field(json("filename", "a.txt", "size", 10, "mimeType", "text/plain", "idempotencyKey", "")))
			.isEqualTo("idempotencyKey");
		assertThat(api.post("/v1/files/upload-url", alice.accessToken(), "{\"filename\":").status()).isEqualTo(400);
	}

	@Test
	void filenamesAreSanitisedAndMediaTypesNormalised() {
		JsonNode upload = Uploads.uploadUrl(api, alice.accessToken(), "..\\..\\etc/report\u202egnp.exe.pdf.", 10,
				"Application/PDF; charset=binary");
		JsonNode file = api.get("/v1/files/" + upload.get("fileId").asString(), alice.accessToken()).expect(200);

		assertThat(file.get("filename").asString()).isEqualTo("reportgnp.exe.pdf");
		assertThat(file.get("mimeType").asString()).isEqualTo("application/pdf");
	}

	@Test
	void aRepeatedUploadRequestWithTheSameKeyAnswersTheSameFile() {
		String key = "upload-" + UUID.randomUUID();
		String body = json("filename", "notes.txt", "size", 12, "mimeType", "text/plain", "idempotencyKey", key);

		JsonNode first = api.post("/v1/files/upload-url", alice.accessToken(), body).expect(200);
		JsonNode again = api.post("/v1/files/upload-url", alice.accessToken(), body).expect(200);
		JsonNode bobsOwn = api.post("/v1/files/upload-url", bob.accessToken(), body).expect(200);

		assertThat(again.get("fileId").asString()).isEqualTo(first.get("fileId").asString());
		assertThat(bobsOwn.get("fileId").asString()).isNotEqualTo(first.get("fileId").asString());
	}

	@Test
	void aKeyReusedAfterItExpiredIsANewUpload() throws Exception {
		String key = "expired-" + UUID.randomUUID();
		String body = json("filename", "notes.txt", "size", 12, "mimeType", "text/plain", "idempotencyKey", key);
		String first = api.post("/v1/files/upload-url", alice.accessToken(), body).expect(200).get("fileId").asString();
		// 25 hours later, as the database sees it: the key's claim is past the 24 h the API promises.
		try (java.sql.Connection db = java.sql.DriverManager.getConnection(
				System.getenv().getOrDefault("COLINK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/colink"),
				System.getenv().getOrDefault("COLINK_DB_USER", "colink"),
				System.getenv().getOrDefault("COLINK_DB_PASSWORD", "colink"));
				java.sql.PreparedStatement age = db.prepareStatement("update idempotency_keys set created_at = "
						+ "now() - interval '25 hours' where user_id = ? and operation = 'files.upload' and key = ?")) {
			age.setObject(1, UUID.fromString(alice.id()));
			age.setString(2, key);
			assertThat(age.executeUpdate()).isEqualTo(1);
		}

		String second = api.post("/v1/files/upload-url", alice.accessToken(), body).expect(200).get("fileId").asString();
		String again = api.post("/v1/files/upload-url", alice.accessToken(), body).expect(200).get("fileId").asString();

		assertThat(second).isNotEqualTo(first);
		assertThat(again).as("the key now holds for the new upload").isEqualTo(second);
		assertThat(api.get("/v1/files/" + first, alice.accessToken()).expect(200).get("status").asString())
			.isEqualTo("pending_upload");
	}

	@Test
	void onlyTheUploaderConfirmsAndOnlyTheUploaderAttaches() {
		String fileId = Uploads.uploadAndConfirm(api, alice.accessToken(), "mine.png", "image/png", Uploads.png(2));
		awaitStatus(fileId, alice, "scanned");

		assertThat(problem(api.post("/v1/files/" + fileId + "/confirm", bob.accessToken(), null), 404))
			.isEqualTo("file_not_found");
		assertThat(problem(api.post("/v1/messages", bob.accessToken(),
				json("channelId", channelId, "text", "not mine", "fileIds", List.of(fileId))), 403))
			.isEqualTo("file_not_attachable");
		// Before it is attached anywhere, nobody but its uploader knows it exists.
		assertThat(problem(api.get("/v1/files/" + fileId, bob.accessToken()), 404)).isEqualTo("file_not_found");
		assertThat(problem(api.get("/v1/files/not-a-file", alice.accessToken()), 404)).isEqualTo("file_not_found");
	}

	@Test
	void aFileInADmIsReadableByBothParticipantsOnly() {
		String fileId = Uploads.uploadAndConfirm(api, alice.accessToken(), "dm.png", "image/png", Uploads.png(3));
		awaitStatus(fileId, alice, "scanned");
		api.post("/v1/messages", alice.accessToken(), json("recipientId", carol.id(), "text", "for you",
				"fileIds", List.of(fileId))).expect(201);

		assertThat(api.get("/v1/files/" + fileId, carol.accessToken()).expect(200).has("downloadUrl")).isTrue();
		assertThat(problem(api.get("/v1/files/" + fileId, bob.accessToken()), 404)).isEqualTo("file_not_found");
	}

	@Test
	void theScanResultCallbackIsNeitherRoutedByTheGatewayNorTakenUnsigned() throws Exception {
		String fileId = Uploads.uploadAndConfirm(api, alice.accessToken(), "forged.txt", "text/plain",
				"just some text".getBytes(StandardCharsets.UTF_8));
		String forged = json("status", "clean");

		assertThat(api.post("/files/" + fileId + "/scan-result", alice.accessToken(), forged).status()).isEqualTo(404);

		String filesUrl = System.getenv().getOrDefault("COLINK_FILES_URL", "http://127.0.0.1:8084");
		HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create(filesUrl + "/files/" + fileId + "/scan-result"))
			.header("Content-Type", "application/json")
			.header("X-Colink-Signature", "t=" + System.currentTimeMillis() / 1000 + ",v1=" + "00".repeat(32))
			.POST(HttpRequest.BodyPublishers.ofString(forged))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(401);

		assertThat(awaitStatus(fileId, alice, "scanned").has("downloadUrl")).isTrue();
	}

	@Test
	void aSignedVerdictSentTwiceIsRefusedTheSecondTime() throws Exception {
		// A verdict on a file that does not exist: the first receipt passes the signature, claims the nonce and
		// changes nothing.
		String path = "/files/" + UUID.randomUUID() + "/scan-result";
		byte[] body = json("status", "clean").getBytes(StandardCharsets.UTF_8);
		InternalSignatures signatures = new InternalSignatures(System.getenv("COLINK_INTERNAL_SECRET"),
				Duration.ofSeconds(300), java.time.Clock.systemUTC());
		String signature = signatures.sign("POST", path, body);

		HttpResponse<String> first = postSigned(path, body, signature);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		HttpResponse<String> replayed = postSigned(path, body, signature);
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(409);
		assertThat(replayed.body()).contains("\"code\":\"replayed_request\"");
	}

	private static HttpResponse<String> postSigned(String path, byte[] body, String signature) throws Exception {
		String filesUrl = System.getenv().getOrDefault("COLINK_FILES_URL", "http://127.0.0.1:8084");
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(filesUrl + path))
			.header("Content-Type", "application/json")
			.header(InternalSignatures.HEADER, signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode awaitStatus(String fileId, SignedInUser uploader, String status) {
		return await().atMost(SCAN).pollInterval(Duration.ofMillis(200)).until(
				() -> api.get("/v1/files/" + fileId, uploader.accessToken()).expect(200),
				(file) -> file.get("status").asString().equals(status));
	}

	/** The problem's code, after checking the status and the problem content type. */
	private static String problem(ApiClient.Answer answer, int status) {
		JsonNode body = answer.expect(status);
		return body.get("code").asString();
	}

	private static String field(String uploadRequest) {
		ApiClient.Answer refused = api.post("/v1/files/upload-url", alice.accessToken(), uploadRequest);
		return refused.expect(400).get("field").asString();
	}

}
