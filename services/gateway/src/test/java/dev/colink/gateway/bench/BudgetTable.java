package dev.colink.gateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.colink.gateway.bench.PeerComparisonBenchmark.castMap;

/**
 * The CPU budget of the 1:1 ramp as Markdown: per step, its latency and loss, then per process the share of one core
 * and the milliseconds of CPU per message, beside the quiet sample taken before the ramp.
 */
final class BudgetTable {

	private BudgetTable() {
	}

	@SuppressWarnings("unchecked")
	static String markdown(Map<String, Object> results) {
		Map<String, Object> a = castMap(results.get("a"));
		List<Map<String, Object>> steps = (List<Map<String, Object>>) a.get("steps");
		Map<String, Object> meta = castMap(results.get("meta"));
		StringBuilder md = new StringBuilder();
		md.append("## Colink, 1:1 ramp through the gateway (%s, %s cpus, %s pairs, %s s steps)%n%n".formatted(
				meta.get("date"), meta.get("cpus"), a.get("pairs"), a.get("stepSecs")));
		md.append("| target/s | achieved/s | p50 ms | p99 ms | lost | posts retried | pass | box CPU ms/msg |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (Map<String, Object> step : steps) {
			Map<String, Object> latency = castMap(step.get("latency"));
			Map<String, Object> perMessage = castMap(castMap(step.get("cpu")).get("msPerMessage"));
			md.append("| %s%s | %s | %s | %s | %s | %s | %s | %s |\n".formatted(step.get("target"),
					(boolean) step.get("retry") ? " (retry)" : "", step.get("achieved"), latency.getOrDefault("p50", "–"),
					latency.getOrDefault("p99", "–"), step.get("lost"), step.get("postsRetried"),
					(boolean) step.get("pass") ? "yes" : "no", perMessage.get("machine")));
		}
		md.append("\nmax sustained at p99 ≤ limit: **%s msgs/s**; rows stored %s, keys answered 201 %s%n%n".formatted(
				a.get("maxSustainedRate"), a.get("rowsStored"), a.get("keysAnswered201")));

		md.append("### CPU budget: % of one core (ms of CPU per message)\n\n");
		Set<String> processes = new LinkedHashSet<>();
		Map<String, Object> idlePercent = castMap(castMap(a.get("idle")).get("percentOfOneCore"));
		List<String> order = new ArrayList<>(idlePercent.keySet());
		order.remove("machine");
		Map<String, Object> heaviest = steps.isEmpty() ? idlePercent
				: castMap(castMap(steps.get(steps.size() - 1).get("cpu")).get("percentOfOneCore"));
		order.sort((x, y) -> Double.compare(number(heaviest.get(y)), number(heaviest.get(x))));
		processes.addAll(order);
		processes.add("machine");
		md.append("| process | idle |");
		steps.forEach((step) -> md.append(" %s/s%s |".formatted(step.get("target"), (boolean) step.get("retry") ? " (retry)" : "")));
		md.append("\n|---|---|");
		steps.forEach((step) -> md.append("---|"));
		md.append('\n');
		for (String process : processes) {
			md.append("| ").append(process.equals("machine") ? "**whole box**" : process).append(" | ")
				.append(idlePercent.getOrDefault(process, "–")).append(" % |");
			for (Map<String, Object> step : steps) {
				Map<String, Object> cpu = castMap(step.get("cpu"));
				md.append(" %s %% (%s) |".formatted(castMap(cpu.get("percentOfOneCore")).getOrDefault(process, "–"),
						castMap(cpu.get("msPerMessage")).getOrDefault(process, "–")));
			}
			md.append('\n');
		}
		md.append("\n`client` is the load generator (this JVM), `other` the rest of the machine (system, tools).\n");
		return md.toString();
	}

	private static double number(Object value) {
		return (value instanceof Number number) ? number.doubleValue() : 0;
	}

}
