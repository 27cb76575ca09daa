package dev.colink.realtime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** WebSocket delivery of every event a user may see, on all of their connections. */
@SpringBootApplication
@EnableConfigurationProperties(RealtimeProperties.class)
@EnableScheduling
public class RealtimeGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(RealtimeGatewayApplication.class, args);
	}

}
