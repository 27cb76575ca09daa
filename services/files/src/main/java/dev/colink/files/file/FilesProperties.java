package dev.colink.files.file;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What may be uploaded, and how scans are asked for.
 *
 * @param maxSize          uploads must be smaller than this (100 MB)
 * @param allowedMimeTypes the media types accepted, lower case, without parameters
 * @param scanner          the av-scanner
 */
@Validated
@ConfigurationProperties("colink.files")
public record FilesProperties(@DefaultValue("100MB") @NotNull DataSize maxSize,
		@NotEmpty Set<String> allowedMimeTypes, @Valid @NotNull Scanner scanner) {

	/**
	 * @param url           the av-scanner's base URL ({@code POST /scan})
	 * @param verdictTimeout a scan the scanner accepted but gave no verdict for this long is asked for again (the
	 *                      scanner may have restarted); a 100 MB archive takes a while on a small machine
	 * @param retryDelay    the wait before asking again when the scanner could not be reached, doubling up to
	 *                      {@code retryDelayMax}
	 * @param retryDelayMax the longest wait between two requests for one scan
	 * @param maxRequests   after this many requests without a verdict the file is {@code failed}
	 * @param pollInterval  how often due scans are looked for (a confirm wakes the dispatcher at once)
	 * @param dispatch      whether this instance asks for scans (off in a test's instance beside the stack's)
	 */
	public record Scanner(@NotNull URI url, @DefaultValue("10m") Duration verdictTimeout,
			@DefaultValue("2s") Duration retryDelay, @DefaultValue("60s") Duration retryDelayMax,
			@DefaultValue("20") int maxRequests, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("true") boolean dispatch) {
	}

}
