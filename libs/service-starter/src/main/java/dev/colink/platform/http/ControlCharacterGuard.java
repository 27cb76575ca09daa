package dev.colink.platform.http;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.colink.platform.problems.ApiProblemException;

/**
 * Refuses a query parameter or path variable holding a C0 control character other than tab, line feed and carriage
 * return: {@code 400 invalid_request} naming the parameter, before any controller runs. No id, cursor, filter or
 * search text can hold one, and PostgreSQL text cannot hold NUL at all, so without this check {@code ?q=%00} would
 * reach the database and fail there (a 500).
 */
public class ControlCharacterGuard implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (hasControlCharacter(parameter.getKey())) {
				throw ApiProblemException.invalid(printable(parameter.getKey()), "is not a parameter name");
			}
			for (String value : parameter.getValue()) {
				if (hasControlCharacter(value)) {
					throw refusal(parameter.getKey());
				}
			}
		}
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
			for (Map.Entry<?, ?> variable : variables.entrySet()) {
				if (variable.getValue() instanceof String value && hasControlCharacter(value)) {
					throw refusal(String.valueOf(variable.getKey()));
				}
			}
		}
		return true;
	}

	/** Whether the text holds a C0 control character (U+0000 to U+001F) other than tab, line feed or carriage return. */
	public static boolean hasControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				return true;
			}
		}
		return false;
	}

	private static ApiProblemException refusal(String name) {
		return ApiProblemException.invalid(name, "must not contain control characters");
	}

	private static String printable(String name) {
		StringBuilder out = new StringBuilder();
		name.codePoints().forEach((c) -> out.append((c < 0x20) ? String.format("\\u%04x", c) : Character.toString(c)));
		return out.toString();
	}

}
