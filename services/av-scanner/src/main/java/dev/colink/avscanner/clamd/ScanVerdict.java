package dev.colink.avscanner.clamd;

/** What clamd said about one stream: clean, infected (with the signature found), or not scanned at all. */
public sealed interface ScanVerdict {

	/** clamd scanned the whole stream and found nothing. */
	record Clean() implements ScanVerdict {
	}

	/** clamd found {@code signature}, e.g. {@code Win.Test.EICAR_HDB-1} or {@code Local.Test.EICAR-HDB.UNOFFICIAL}. */
	record Infected(String signature) implements ScanVerdict {
	}

	/** The stream was NOT scanned (clamd unreachable, an error reply, an I/O failure): never to be taken as clean. */
	record Failed(String reason) implements ScanVerdict {
	}

}
