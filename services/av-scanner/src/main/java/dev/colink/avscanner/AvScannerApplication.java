package dev.colink.avscanner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Scans uploaded objects with clamd (INSTREAM) and reports the verdict to the files service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AvScannerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AvScannerApplication.class, args);
	}

}
