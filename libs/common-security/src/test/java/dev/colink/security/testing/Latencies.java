package dev.colink.security.testing;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of measured latencies (nanoseconds), as the benchmarks report them. */
public final class Latencies {

	private Latencies() {
	}

	/** {@code p50 … ms, p90 … ms, p99 … ms, max … ms}. */
	public static String percentiles(Collection<Long> nanos) {
		return percentiles(nanos.stream().mapToLong(Long::longValue).toArray());
	}

	public static String percentiles(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(millis(sorted, 0.50),
				millis(sorted, 0.90), millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
	}

	/** The quantile of sorted nanoseconds, in milliseconds (nearest rank). */
	public static double millis(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

}
