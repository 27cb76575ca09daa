package dev.colink.files;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** File uploads through presigned URLs to the object store, scan status, downloads. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FilesApplication {

	public static void main(String[] args) {
		SpringApplication.run(FilesApplication.class, args);
	}

}
