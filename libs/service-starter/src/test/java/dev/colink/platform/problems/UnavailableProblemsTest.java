package dev.colink.platform.problems;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class UnavailableProblemsTest {

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
		.setControllerAdvice(new UnavailableProblems(), new ApiProblems())
		.build();

	@Test
	void anExhaustedPoolAnUnreachableServerOrATimeoutIs503WithRetryAfterNever500() throws Exception {
		for (String failure : new String[] { "pool", "unreachable", "timeout" }) {
			this.mvc.perform(get("/fail/" + failure))
				.andExpect(status().isServiceUnavailable())
				.andExpect(header().string("Retry-After", "1"))
				.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
				.andExpect(jsonPath("$.code").value("unavailable"))
				.andExpect(jsonPath("$.type").value("about:blank"));
		}
	}

	@Test
	void aFeaturesOwnRefusalIsStillItsOwn() throws Exception {
		this.mvc.perform(get("/fail/refused")).andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("nope"));
	}

	@RestController
	static class Failing {

		@GetMapping("/fail/{how}")
		String fail(@PathVariable String how) {
			throw switch (how) {
				case "pool" -> new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
						new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
				case "unreachable" -> new DataAccessResourceFailureException("Unable to connect to Redis");
				case "timeout" -> new QueryTimeoutException("Redis command timed out");
				default -> ApiProblemException.forbidden("nope", "not allowed");
			};
		}

	}

}
