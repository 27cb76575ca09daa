package dev.colink.channels;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Channels and their members. */
@SpringBootApplication
public class ChannelsApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChannelsApplication.class, args);
	}

}
