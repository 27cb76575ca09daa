package dev.colink.gateway.edge;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the public port accepts from a client.
 *
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of the gateway (a load balancer, an ingress)
 * whose {@code X-Forwarded-For} names the client; from anyone else, forwarding headers are removed and the socket's
 * peer is the client. Empty (the default): nobody is trusted.
 * @param maxBodySize the largest request body; a larger one is refused with 413 before it reaches a service
 */
@ConfigurationProperties("colink.gateway.edge")
public record EdgeProperties(@DefaultValue List<String> trustedProxies, @DefaultValue("1MB") DataSize maxBodySize) {
}
