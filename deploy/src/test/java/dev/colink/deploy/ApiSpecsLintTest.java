package dev.colink.deploy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api-specs/ linted by the pinned tools (api-specs/lint.sh: Redocly CLI for the OpenAPI documents, the AsyncAPI CLI
 * for the AsyncAPI ones, and the check that the schemas shared between documents are the same). The services' tests
 * hold the running system to these documents ({@code ApiContract}); this keeps the documents themselves valid.
 */
class ApiSpecsLintTest {

	@Test
	void everyApiDocumentLintsWithoutErrors() throws Exception {
		Process lint = new ProcessBuilder("bash", "../api-specs/lint.sh").redirectErrorStream(true).start();
		String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(lint.waitFor(10, TimeUnit.MINUTES)).as("lint.sh finished").isTrue();
		assertThat(lint.exitValue()).as(output).isZero();
		assertThat(output).contains("all API documents are valid");
	}

}
