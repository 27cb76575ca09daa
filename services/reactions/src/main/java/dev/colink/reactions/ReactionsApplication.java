package dev.colink.reactions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Emoji reactions on messages. */
@SpringBootApplication
public class ReactionsApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactionsApplication.class, args);
	}

}
