package dev.colink.gateway.edge;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeConfiguration {

	@Bean
	ClientAddresses clientAddresses(EdgeProperties properties) {
		return new ClientAddresses(properties.trustedProxies());
	}

	@Bean
	EdgeFilter edgeFilter(ClientAddresses addresses, EdgeProperties properties) {
		return new EdgeFilter(addresses, properties.maxBodySize().toBytes());
	}

}
