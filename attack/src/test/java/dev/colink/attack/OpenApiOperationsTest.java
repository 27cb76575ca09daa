package dev.colink.attack;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.colink.attack.OpenApiOperations.Operation;
import dev.colink.attack.OpenApiOperations.Param;

import static org.assertj.core.api.Assertions.assertThat;

/** What the attack suite reads from api-specs/openapi: no stack needed. */
class OpenApiOperationsTest {

	@Test
	void everyDocumentContributesOperations() {
		assertThat(OpenApiOperations.all()).extracting(Operation::service)
			.contains("admin", "auth-proxy", "channels", "files", "messaging", "presence", "reactions",
					"realtime-gateway", "search", "threads");
		assertThat(OpenApiOperations.all()).extracting(Operation::toString).doesNotHaveDuplicates();
	}

	@Test
	void aBodyIsItsSchemaWithReferencesInlined() {
		Operation post = OpenApiOperations.find("POST", "/v1/messages");
		assertThat(post.requiresAuth()).isTrue();
		assertThat(post.requestBodySchema().path("properties").has("channelId")).isTrue();
		assertThat(post.requestBodySchema().toString()).doesNotContain("$ref");
		assertThat(post.documentedStatuses()).contains(201, 400, 401, 403);
		assertThat(OpenApiOperations.find("GET", "/v1/messages").requestBodySchema()).isNull();
	}

	@Test
	void parametersComeFromTheOperationAndItsPathItem() {
		Operation members = OpenApiOperations.find("DELETE", "/v1/channels/{id}/members/{userId}");
		assertThat(members.pathParams()).extracting(Param::name).containsExactly("id", "userId");
		assertThat(members.path(Map.of("id", "a b", "userId", "c/d"))).isEqualTo("/v1/channels/a%20b/members/c%2Fd");
		assertThat(members.path((name) -> "%00")).isEqualTo("/v1/channels/%00/members/%00");

		List<Param> query = OpenApiOperations.find("GET", "/v1/channels/{id}/members").queryParams();
		assertThat(query).extracting(Param::name).contains("limit", "cursor");
		JsonNode limit = OpenApiOperations.find("GET", "/v1/channels/{id}/members").queryParam("limit").orElseThrow().schema();
		assertThat(limit.path("type").asText()).isEqualTo("integer");
		assertThat(limit.path("maximum").asInt()).isEqualTo(200);
	}

	@Test
	void signInIsPublicAndEverythingUnderV1IsNot() {
		assertThat(OpenApiOperations.find("POST", "/auth/login").requiresAuth()).isFalse();
		assertThat(OpenApiOperations.all()).filteredOn((operation) -> operation.pathTemplate().startsWith("/v1/"))
			.allMatch(Operation::requiresAuth);
	}

}
