package dev.colink.files.file;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.colink.security.testing.ApiClient;
import dev.colink.security.testing.LocalStack;
import dev.colink.security.testing.SignedInUsers;
import dev.colink.security.testing.SignedInUsers.SignedInUser;
import dev.colink.security.testing.Uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scans outlive outages of the stack's real scanner and real clamd (each stopped by PID with {@code ./colink stop}):
 * a scan asked for while the scanner is down happens once it is back; one that clamd cannot do ends {@code failed},
 * visibly; one that meets a clamd restart is retried and succeeds. A confirm while the object store is down is a
 * 503, and the same confirm works once it is back.
 */
class ScanOutageTest {

	private static final ApiClient api = ApiClient.gateway();

	private static SignedInUser alice;

	@BeforeAll
	static void signIn() {
		alice = SignedInUsers.create("scan-outage");
	}

	@AfterAll
	static void removeUser() {
		SignedInUsers.delete(alice);
	}

	@Test
	void aScanAskedForWhileTheScannerIsDownHappensOnceItIsBack() {
		String fileId;
		LocalStack.colink("stop", "av-scanner");
		try {
			fileId = Uploads.uploadAndConfirm(api, alice.accessToken(), "during-outage.png", "image/png", Uploads.png(10));
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
				.until(() -> status(fileId).equals("scanning"));
		}
		finally {
			LocalStack.colink("start", "av-scanner");
		}
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
			.until(() -> status(fileId).equals("scanned"));
	}

	@Test
	void aScanClamdCannotDoEndsFailedAndOneMeetingAClamdRestartSucceeds() {
		String failing;
		String retried;
		LocalStack.colink("stop", "clamd");
		try {
			failing = Uploads.uploadAndConfirm(api, alice.accessToken(), "never-scanned.png", "image/png", Uploads.png(11));
			JsonNode failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
				.until(() -> file(failing), (file) -> !file.get("status").asString().equals("scanning"));
			assertThat(failed.get("status").asString()).isEqualTo("failed");
			assertThat(failed.has("downloadUrl")).isFalse();
			retried = Uploads.uploadAndConfirm(api, alice.accessToken(), "scanned-later.png", "image/png", Uploads.png(12));
		}
		finally {
			LocalStack.colink("start", "clamd");
		}
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
			.until(() -> status(retried).equals("scanned"));
		assertThat(status(failing)).isEqualTo("failed");
	}

	@Test
	void aConfirmWhileTheObjectStoreIsDownIsA503AndWorksOnceItIsBack() {
		byte[] png = Uploads.png(13);
		JsonNode upload = Uploads.uploadUrl(api, alice.accessToken(), "stored-later.png", png.length, "image/png");
		String fileId = upload.get("fileId").asString();
		LocalStack.colink("stop", "s3");
		try {
			ApiClient.Answer refused = api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null);
			assertThat(refused.status()).as(refused.body()).isEqualTo(503);
			assertThat(refused.json().get("code").asString()).isEqualTo("unavailable");
			assertThat(status(fileId)).isEqualTo("pending_upload");
		}
		finally {
			LocalStack.colink("start", "s3");
		}
		assertThat(Uploads.put(upload.get("presignedUrl").asString(), png, "image/png")).isEqualTo(200);
		api.post("/v1/files/" + fileId + "/confirm", alice.accessToken(), null).expect(200);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
			.until(() -> status(fileId).equals("scanned"));
	}

	private static JsonNode file(String fileId) {
		return api.get("/v1/files/" + fileId, alice.accessToken()).expect(200);
	}

	private static String status(String fileId) {
		return file(fileId).get("status").asString();
	}

}
