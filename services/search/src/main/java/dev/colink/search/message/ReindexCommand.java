package dev.colink.search.message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The search service started with {@code --colink.search.reindex=true} (as {@code ./colink reindex} does) rebuilds
 * the index and exits: 0 when the rebuild completed, 1 otherwise. It serves no requests and indexes no events
 * meanwhile; the running instances go on doing both.
 */
@Component
@ConditionalOnProperty("colink.search.reindex")
class ReindexCommand implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ReindexCommand.class);

	private final Reindexer reindexer;

	private final ConfigurableApplicationContext context;

	ReindexCommand(Reindexer reindexer, ConfigurableApplicationContext context) {
		this.reindexer = reindexer;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		int exitCode;
		try {
			long copied = this.reindexer.reindex();
			System.out.println("Rebuilt the message index from " + copied + " messages");
			exitCode = 0;
		}
		catch (Exception ex) {
			log.error("The rebuild of the message index failed; the alias still points at the old index", ex);
			exitCode = 1;
		}
		int code = exitCode;
		System.exit(SpringApplication.exit(this.context, () -> code));
	}

}
