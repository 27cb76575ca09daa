package dev.colink.gateway.bench;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The table of issue 16 from the two JSON results (Colink's and the peer's, the same shape): 1:1 rate sustained at
 * p99 within the limit, CPU per message at a rate both ran, sequential latency and fan-out latency, each with the
 * ratio Colink / peer and which side is better.
 */
final class PeerComparison {

	private PeerComparison() {
	}

	static String markdown(JsonNode colink, JsonNode peer) {
		String peerName = peer.path("meta").has("ejabberd") ? "ejabberd " + peer.path("meta").path("ejabberd").asString()
				: "peer";
		String shortName = peerName.split(" ")[0];
		List<String[]> rows = new ArrayList<>();
		JsonNode ca = colink.path("a");
		JsonNode pa = peer.path("a");
		String note = "";
		if (!ca.isMissingNode() && !pa.isMissingNode()) {
			rows.add(row("1:1 sustained at p99 ≤ %s ms (msgs/s)".formatted(colink.path("meta").path("cfg").path("p99LimitMs").asInt(100)),
					ca.path("maxSustainedRate").asDouble(0), pa.path("maxSustainedRate").asDouble(0), true, shortName));
			int rate = commonRate(ca, pa);
			if (rate > 0) {
				JsonNode cs = stepAt(ca, rate);
				JsonNode ps = stepAt(pa, rate);
				boolean bothPassed = cs.path("pass").asBoolean() && ps.path("pass").asBoolean();
				String at = "at %,d msgs/s%s".formatted(rate, bothPassed ? "" : ", not passed by both");
				rows.add(row("CPU per message, whole box, " + at + " (ms)", boxMs(cs, colinkMachine(cs)),
						boxMs(ps, ps.path("cpu").path("machine").asDouble(0)), false, shortName));
				rows.add(row("CPU per message, box without the load client, " + at + " (ms)",
						boxMs(cs, colinkMachine(cs) - cs.path("cpu").path("percentOfOneCore").path("client").asDouble(0)),
						boxMs(ps, ps.path("cpu").path("machine").asDouble(0) - ps.path("cpu").path("client").asDouble(0)),
						false, shortName));
				rows.add(row("1:1 latency " + at + ", p99 (ms)", p99(cs), p99(ps), false, shortName));
			}
			else {
				note = "\nThe two ramps have no rate in common: no CPU per message compared.\n";
			}
		}
		JsonNode cc = colink.path("c");
		JsonNode pc = peer.path("c");
		if (!cc.isMissingNode() && !pc.isMissingNode()) {
			rows.add(row("sequential, p50 (ms)", cc.path("latency").path("p50").asDouble(0), pc.path("latency").path("p50").asDouble(0), false, shortName));
			rows.add(row("sequential, p99 (ms)", cc.path("latency").path("p99").asDouble(0), pc.path("latency").path("p99").asDouble(0), false, shortName));
		}
		for (JsonNode room : colink.path("b")) {
			int size = room.path("occupants").asInt(0);
			for (JsonNode peerRoom : peer.path("b")) {
				if (peerRoom.path("occupants").asInt(0) == size) {
					for (String q : List.of("p50", "p99")) {
						rows.add(row("fan-out to %,d, until all have it, %s (ms)".formatted(size, q),
								room.path("allReceived").path(q).asDouble(0), peerRoom.path("allReceived").path(q).asDouble(0), false, shortName));
					}
				}
			}
		}
		StringBuilder md = new StringBuilder();
		md.append("## Colink and %s on the same machine%n%n".formatted(peerName));
		md.append("Colink measured %s, %s cpus (%s); %s measured %s, %s cpus.%n%n".formatted(
				colink.path("meta").path("date").asString(), colink.path("meta").path("cpus").asString(),
				colink.path("meta").path("cpuModel").asString(), peerName, peer.path("meta").path("date").asString(),
				peer.path("meta").path("cpus").asString()));
		md.append("| measure | Colink | %s | Colink / %s | better |%n".formatted(peerName, peerName.split(" ")[0]));
		md.append("|---|---|---|---|---|\n");
		for (String[] row : rows) {
			md.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		md.append(note);
		List<String> oneSided = new ArrayList<>();
		for (String phase : List.of("a", "b", "c")) {
			if (colink.path(phase).isMissingNode() != peer.path(phase).isMissingNode()) {
				oneSided.add("(" + phase + ")");
			}
		}
		if (!oneSided.isEmpty()) {
			md.append("%nNot compared, run by one side only: %s.%n".formatted(String.join(", ", oneSided)));
		}
		md.append("%nSettings: Colink %s; %s rates %s, %s s steps, rooms %s.%n".formatted(
				colink.path("meta").path("cfg"), peerName.split(" ")[0], peer.path("meta").path("cfg").path("rates"),
				peer.path("meta").path("cfg").path("stepSecs").asString(), peer.path("meta").path("cfg").path("roomSizes")));
		return md.toString();
	}

	/** The highest target both passed; else the highest both ran. */
	static int commonRate(JsonNode colinkA, JsonNode peerA) {
		int bestPassed = 0;
		int bestRan = 0;
		for (JsonNode c : colinkA.path("steps")) {
			for (JsonNode p : peerA.path("steps")) {
				int rate = c.path("target").asInt(0);
				if (rate == p.path("target").asInt(0)) {
					bestRan = Math.max(bestRan, rate);
					if (c.path("pass").asBoolean() && p.path("pass").asBoolean()) {
						bestPassed = Math.max(bestPassed, rate);
					}
				}
			}
		}
		return (bestPassed > 0) ? bestPassed : bestRan;
	}

	/** The step at this target: its passing attempt if one passed, else its last attempt. */
	private static JsonNode stepAt(JsonNode a, int rate) {
		JsonNode chosen = null;
		for (JsonNode step : a.path("steps")) {
			if (step.path("target").asInt(0) == rate && (chosen == null || !chosen.path("pass").asBoolean())) {
				chosen = step;
			}
		}
		return chosen;
	}

	private static double colinkMachine(JsonNode step) {
		return step.path("cpu").path("percentOfOneCore").path("machine").asDouble(0);
	}

	/** Milliseconds of CPU per message from a share of one core (percent) at the step's achieved rate. */
	private static double boxMs(JsonNode step, double percentOfOneCore) {
		return percentOfOneCore * 10 / step.path("achieved").asDouble(0);
	}

	/** A step's p99, or NaN when no message of it arrived (a latency of 0 would read as the better side). */
	private static double p99(JsonNode step) {
		return (step.path("latency").path("n").asInt(0) > 0) ? step.path("latency").path("p99").asDouble(0) : Double.NaN;
	}

	private static String[] row(String measure, double colink, double peer, boolean higherIsBetter, String peerName) {
		if (Double.isNaN(colink) || Double.isNaN(peer)) {
			return new String[] { measure, number(colink), number(peer), "–",
					Double.isNaN(colink) ? (Double.isNaN(peer) ? "neither" : peerName) : "Colink" };
		}
		String ratio = (peer == 0) ? "–" : "%.2f".formatted(colink / peer);
		String better;
		if (colink == peer) {
			better = "equal";
		}
		else if ((colink > peer) == higherIsBetter) {
			better = "Colink" + ((peer > 0 && colink > 0) ? " (%.1f×)".formatted(higherIsBetter ? colink / peer : peer / colink) : "");
		}
		else {
			better = peerName + ((peer > 0 && colink > 0) ? " (%.1f×)".formatted(higherIsBetter ? peer / colink : colink / peer) : "");
		}
		return new String[] { measure, number(colink), number(peer), ratio, better };
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "none arrived";
		}
		return (value >= 100) ? "%,.0f".formatted(value) : "%.2f".formatted(value);
	}

}
