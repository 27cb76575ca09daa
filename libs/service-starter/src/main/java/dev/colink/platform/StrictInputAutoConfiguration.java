package dev.colink.platform;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Input that only looks like a value is refused rather than read as one: an empty string where a body wants a
 * boolean or a number ({@code "isPrivate": ""} is not false), and a query or path number that is not plain decimal
 * ({@code limit=0x10}, {@code limit=}, {@code limit=١٢} are not 16, the default and 12). Both are a 400 naming the
 * field, as the API's schemas say.
 */
@AutoConfiguration
public class StrictInputAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
	static class StrictEmptyStrings {

		@Bean
		JsonMapperBuilderCustomizer emptyStringIsNoValue() {
			return (builder) -> builder
				.withCoercionConfig(LogicalType.Boolean,
						(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Integer,
						(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Float,
						(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class StrictParameters {

		@Bean
		DecimalIntegerParameters decimalIntegerParameters() {
			return new DecimalIntegerParameters();
		}

	}

	/**
	 * Integer request parameters and path variables are read as plain decimal. A property editor, not a Converter:
	 * when a Converter refuses a value, Spring's binder falls back to its default number editor, which reads hex.
	 */
	@ControllerAdvice
	public static class DecimalIntegerParameters {

		@InitBinder
		void decimalIntegers(WebDataBinder binder) {
			binder.registerCustomEditor(Integer.class, new DecimalIntegers());
		}

	}

	/**
	 * Text to an Integer only when it is plain decimal ASCII within range. Spring's own conversion also reads hex
	 * ({@code 0x10}), any script's digits and an empty value (as no value at all).
	 */
	public static final class DecimalIntegers extends PropertyEditorSupport {

		private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,10}");

		@Override
		public void setAsText(String text) {
			setValue(convert(text));
		}

		public Integer convert(String text) {
			if (text == null || !DECIMAL.matcher(text).matches()) {
				throw new IllegalArgumentException("not a decimal integer");
			}
			long value = Long.parseLong(text);
			if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("out of range");
			}
			return (int) value;
		}

	}

}
