package dev.colink.threads;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Threaded replies. */
@SpringBootApplication
public class ThreadsApplication {

	public static void main(String[] args) {
		SpringApplication.run(ThreadsApplication.class, args);
	}

}
