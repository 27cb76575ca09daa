package dev.colink.platform.logging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LogFormatTest {

	@Test
	void textOrNothingIsPlainTextAndTheStructuredFormatsAreSpringBootsOwn() {
		assertThat(LogFormat.structuredFormat(null)).isNull();
		assertThat(LogFormat.structuredFormat("")).isNull();
		assertThat(LogFormat.structuredFormat(" Text ")).isNull();
		assertThat(LogFormat.structuredFormat("ecs")).isEqualTo("ecs");
		assertThat(LogFormat.structuredFormat("LOGSTASH")).isEqualTo("logstash");
		assertThat(LogFormat.structuredFormat("gelf")).isEqualTo("gelf");
		assertThatIllegalStateException().isThrownBy(() -> LogFormat.structuredFormat("json"))
			.withMessageContaining("COLINK_LOG_FORMAT (colink.log.format) is 'json'");
	}

	@Test
	void theVariableSetsTheConsoleFormatUnlessItIsSetExplicitly() {
		MockEnvironment environment = new MockEnvironment().withProperty(LogFormat.PROPERTY, "ecs");
		new LogFormat().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty(LogFormat.CONSOLE_FORMAT)).isEqualTo("ecs");

		MockEnvironment plain = new MockEnvironment().withProperty(LogFormat.PROPERTY, "text");
		new LogFormat().postProcessEnvironment(plain, null);
		assertThat(plain.containsProperty(LogFormat.CONSOLE_FORMAT)).isFalse();

		MockEnvironment explicit = new MockEnvironment().withProperty(LogFormat.PROPERTY, "ecs")
			.withProperty(LogFormat.CONSOLE_FORMAT, "logstash");
		new LogFormat().postProcessEnvironment(explicit, null);
		assertThat(explicit.getProperty(LogFormat.CONSOLE_FORMAT)).isEqualTo("logstash");
	}

	/**
	 * What an ECS line carries: the service's name (spring.application.name) and replica (node name), and the trace
	 * and span ids when the MDC holds them (Micrometer Tracing puts them there as traceId and spanId) and nothing of
	 * them otherwise.
	 */
	@Test
	void anEcsLineNamesTheServiceAndCarriesTheTraceAndSpanIdsOfTheMdc() {
		LoggerContext context = new LoggerContext();
		context.putObject(Environment.class.getName(),
				new MockEnvironment().withProperty("spring.application.name", "messaging")
					.withProperty("logging.structured.ecs.service.node-name", "messaging-7d9f-x2k4q"));
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat("ecs");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();

		JsonNode traced = line(encoder, Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7"));
		assertThat(traced.path("service").path("name").asString()).isEqualTo("messaging");
		assertThat(traced.path("service").path("node").path("name").asString()).isEqualTo("messaging-7d9f-x2k4q");
		assertThat(traced.path("log").path("level").asString()).isEqualTo("INFO");
		assertThat(traced.path("message").asString()).isEqualTo("Posted");
		assertThat(traced.path("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(traced.path("spanId").asString()).isEqualTo("00f067aa0ba902b7");

		JsonNode untraced = line(encoder, Map.of());
		assertThat(untraced.path("service").path("name").asString()).isEqualTo("messaging");
		assertThat(untraced.has("traceId")).isFalse();
		assertThat(untraced.has("spanId")).isFalse();
	}

	private static JsonNode line(StructuredLogEncoder encoder, Map<String, String> mdc) {
		LoggingEvent event = new LoggingEvent();
		event.setLoggerName("dev.colink.messaging.Example");
		event.setLevel(Level.INFO);
		event.setMessage("Posted");
		event.setThreadName("main");
		event.setTimeStamp(System.currentTimeMillis());
		event.setMDCPropertyMap(mdc);
		String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
		assertThat(line).as("one JSON object a line").endsWith("\n").doesNotContain("\n{");
		return JsonMapper.builder().build().readTree(line);
	}

}
