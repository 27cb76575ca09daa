package dev.colink.platform;

import java.time.Duration;

import io.lettuce.core.TimeoutOptions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Redis commands time out after {@code colink.redis.command-timeout} (1 s), while a new connection's handshake
 * keeps the longer {@code spring.data.redis.timeout}: Lettuce takes the handshake's timeout from the latter, and
 * without a fixed command timeout the commands would too.
 */
@AutoConfiguration
@ConditionalOnClass({ TimeoutOptions.class, LettuceClientOptionsBuilderCustomizer.class })
public class RedisTimeoutsAutoConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer colinkRedisCommandTimeout(
			@Value("${colink.redis.command-timeout:1s}") Duration commandTimeout) {
		return (options) -> options.timeoutOptions(TimeoutOptions.enabled(commandTimeout));
	}

}
