package dev.colink.platform.logging;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The format of every service's console log, from one setting: {@code colink.log.format} ({@code COLINK_LOG_FORMAT},
 * in colink-service-defaults.yml). {@code text} (the default, also when empty) is Spring Boot's plain lines;
 * {@code ecs}, {@code logstash} or {@code gelf} is Spring Boot's structured logging in that format, one JSON object a
 * line ({@code logging.structured.format.console}). Anything else stops the service at start, naming the variable.
 * <p>
 * Runs before the logging system starts (Spring Boot's logging listener comes after the environment
 * post-processors), and after the configuration files are read, so that the shared defaults are seen. A
 * {@code logging.structured.format.console} set explicitly wins.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {

	/** The property that names the format; the shared defaults set it from {@code COLINK_LOG_FORMAT}. */
	public static final String PROPERTY = "colink.log.format";

	static final String CONSOLE_FORMAT = "logging.structured.format.console";

	static final String PLAIN_TEXT = "text";

	/** Spring Boot's own structured formats. */
	static final List<String> STRUCTURED = List.of("ecs", "logstash", "gelf");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = structuredFormat(environment.getProperty(PROPERTY));
		if (format != null && !environment.containsProperty(CONSOLE_FORMAT)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("colinkLogFormat", Map.of(CONSOLE_FORMAT, format)));
		}
	}

	/** Spring Boot's name of the structured format {@code value} asks for, or null for plain text. */
	static String structuredFormat(String value) {
		String format = (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "";
		if (format.isEmpty() || format.equals(PLAIN_TEXT)) {
			return null;
		}
		if (!STRUCTURED.contains(format)) {
			throw new IllegalStateException("COLINK_LOG_FORMAT (" + PROPERTY + ") is '" + value + "': it must be "
					+ PLAIN_TEXT + " (plain lines, the default) or one of " + STRUCTURED + " (one JSON object a line)");
		}
		return format;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
