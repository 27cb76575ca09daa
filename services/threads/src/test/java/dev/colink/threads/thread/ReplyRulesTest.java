package dev.colink.threads.thread;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.colink.platform.problems.ApiProblemException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyRulesTest {

	private static final String PARENT = UUID.randomUUID().toString();

	@Test
	void aReplyMessagingWouldRefuseIsRefusedBeforeTheThreadOpens() {
		String file = UUID.randomUUID().toString();
		for (ThreadRequest request : List.of(new ThreadRequest(PARENT, " ", null, null),
				new ThreadRequest(PARENT, "a\u0000b", null, null), new ThreadRequest(PARENT, "x".repeat(16_001), null, null),
				new ThreadRequest(PARENT, "hi", "", null), new ThreadRequest(PARENT, "hi", "k".repeat(129), null),
				new ThreadRequest(PARENT, "hi", null, List.of(file, file)),
				new ThreadRequest(PARENT, "hi", null, List.of("1-1-1-1-1")))) {
			assertThatThrownBy(() -> ReplyRules.check(request)).as(request.toString()).isInstanceOf(ApiProblemException.class);
		}
		assertThatCode(() -> ReplyRules.check(new ThreadRequest(PARENT, "hi", "key", List.of(file)))).doesNotThrowAnyException();
		assertThatCode(() -> ReplyRules.check(new ThreadRequest(PARENT, null, null, List.of(file)))).doesNotThrowAnyException();
	}

}
