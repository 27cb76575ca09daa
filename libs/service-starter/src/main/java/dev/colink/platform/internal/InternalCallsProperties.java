package dev.colink.platform.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Calls between services that no user makes.
 *
 * @param secret  the secret their signatures are made with, shared by the services only (COLINK_INTERNAL_SECRET)
 * @param maxSkew how far a signature's time may be from the receiver's clock
 */
@ConfigurationProperties("colink.internal-calls")
public record InternalCallsProperties(String secret, @DefaultValue("300s") Duration maxSkew) {
}
