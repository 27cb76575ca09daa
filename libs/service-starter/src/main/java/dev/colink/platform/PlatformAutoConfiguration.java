package dev.colink.platform;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.colink.platform.http.ControlCharacterGuard;
import dev.colink.platform.http.NulFreeStrings;
import dev.colink.platform.http.RequestBodyLimit;

/** What every service shares at run time besides security: health of the shared servers, the served-by header. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
public class PlatformAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@EnableConfigurationProperties({ RequestLimit.Properties.class, RequestBodyLimit.Properties.class })
	static class ServletConfiguration {

		/** Bodies over {@code colink.http.max-body-size} are refused (413) before anything reads them. */
		@Bean
		FilterRegistrationBean<RequestBodyLimit> requestBodyLimitFilter(RequestBodyLimit.Properties properties) {
			FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
					new RequestBodyLimit(properties));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
			return registration;
		}

		/** Query parameters and path variables with control characters are refused (400) before a controller runs. */
		@Bean
		WebMvcConfigurer controlCharacterGuard() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new ControlCharacterGuard());
				}

			};
		}

		@Bean
		FilterRegistrationBean<ServedByHeader.Servlet> servedByHeaderFilter(
				@Value("${spring.application.name:colink}") String service) {
			FilterRegistrationBean<ServedByHeader.Servlet> registration = new FilterRegistrationBean<>(
					new ServedByHeader.Servlet(service));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

		/** A bean of its own, so that its meters are bound (it is a {@code MeterBinder}). */
		@Bean
		@ConditionalOnProperty(name = "colink.server.request-limit.enabled", matchIfMissing = true)
		RequestLimit requestLimit(RequestLimit.Properties properties) {
			return new RequestLimit(properties);
		}

		@Bean
		@ConditionalOnProperty(name = "colink.server.request-limit.enabled", matchIfMissing = true)
		FilterRegistrationBean<RequestLimit> requestLimitFilter(RequestLimit requestLimit) {
			FilterRegistrationBean<RequestLimit> registration = new FilterRegistrationBean<>(requestLimit);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveConfiguration {

		@Bean
		WebFilter servedByHeaderWebFilter(@Value("${spring.application.name:colink}") String service) {
			return new ServedByHeader.Reactive(service);
		}

	}

	/**
	 * Request bodies bind strictly: a number or boolean where the API wants text ({@code "text": 42}), or text where
	 * it wants a boolean or number ({@code "isPrivate": "yes"}), is a 400 naming the field, not silently converted;
	 * so is text holding NUL, which PostgreSQL cannot store ({@link NulFreeStrings}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
	static class StrictJsonConfiguration {

		@Bean
		JsonMapperBuilderCustomizer strictScalarBinding() {
			return (builder) -> builder
				.addModule(new SimpleModule("colink-nul-free-strings").addDeserializer(String.class, new NulFreeStrings()))
				.withCoercionConfig(LogicalType.Textual,
						(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Boolean,
						(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Integer,
						(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Admin.class, KafkaAdmin.class })
	@ConditionalOnBean(KafkaAdmin.class)
	static class KafkaHealthConfiguration {

		@Bean(name = "kafkaHealthIndicator")
		@ConditionalOnMissingBean(name = "kafkaHealthIndicator")
		KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
			Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
			config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
			config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
			config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health");
			return new KafkaHealthIndicator(Admin.create(config));
		}

	}

}
