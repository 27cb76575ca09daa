package dev.colink.security.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract check itself: it passes what the specs describe and fails, naming why, what they do not. */
class ApiContractTest {

	private static final String MESSAGE = """
			{"id":"0198c2d6-0000-7000-8000-000000000001","channelId":"0198c2d6-0000-7000-8000-000000000002",
			"senderId":"0198c2d6-0000-7000-8000-000000000003","text":"hi","fileIds":[],
			"createdAt":"2026-11-27T10:00:00Z","isDeleted":false}""";

	@Test
	void anAnswerTheSpecDescribesPasses() {
		assertThatCode(() -> ApiContract.check("GET", "/v1/messages/0198c2d6-0000-7000-8000-000000000001", 200,
				"application/json", MESSAGE)).doesNotThrowAnyException();
	}

	@Test
	void aMissingFieldAnUnknownFieldOrAWrongTypeFails() {
		assertThatThrownBy(() -> ApiContract.check("GET", "/v1/messages/x", 200, "application/json",
				MESSAGE.replace("\"text\":\"hi\",", ""))).hasMessageContaining("text");
		assertThatThrownBy(() -> ApiContract.check("GET", "/v1/messages/x", 200, "application/json",
				MESSAGE.replace("\"text\":\"hi\"", "\"text\":\"hi\",\"colour\":\"red\""))).hasMessageContaining("colour");
		assertThatThrownBy(() -> ApiContract.check("GET", "/v1/messages/x", 200, "application/json",
				MESSAGE.replace("\"isDeleted\":false", "\"isDeleted\":\"no\""))).hasMessageContaining("isDeleted");
	}

	@Test
	void anUndocumentedPathStatusOrMediaTypeFails() {
		assertThatThrownBy(() -> ApiContract.check("GET", "/v1/nowhere", 200, "application/json", "{}"))
			.hasMessageContaining("in no api-specs/openapi document");
		assertThatThrownBy(() -> ApiContract.check("GET", "/v1/messages/x", 418, "application/json", "{}"))
			.hasMessageContaining("does not document HTTP 418");
		assertThatThrownBy(() -> ApiContract.check("GET", "/v1/messages/x", 200, "text/html", "<p>hi</p>"))
			.hasMessageContaining("text/html");
	}

	@Test
	void framesAreHeldToTheSocketsSpec() {
		assertThatThrownBy(() -> ApiContract.checkFrame("{\"type\":\"message.exploded\",\"seq\":1,\"data\":{}}"))
			.hasMessageContaining("message.exploded");
		assertThatThrownBy(() -> ApiContract.checkFrame("{\"type\":\"hello\",\"seq\":\"one\",\"data\":{}}"))
			.hasMessageContaining("seq");
	}

}
