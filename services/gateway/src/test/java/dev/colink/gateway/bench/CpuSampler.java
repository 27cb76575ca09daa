package dev.colink.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CPU time of the stack's processes, of this load client and of the whole machine, read from /proc (utime + stime of
 * each process, the first line of /proc/stat for the machine), as the peer's load client reads it. Components are
 * the PID files in the stack's run directory (each with its descendants), PostgreSQL all processes named
 * {@code postgres}, Redis all named {@code redis-server}.
 */
final class CpuSampler {

	/** Processes found by name, not by PID file: they may be the system's own servers. */
	private static final Map<String, String> BY_NAME = Map.of("postgres", "postgres", "redis", "redis-server");

	private final Path runDir;

	private final long clockTicks;

	private final int cpus = Runtime.getRuntime().availableProcessors();

	/** One reading: CPU ticks per component, of the client and of the machine (busy and total), at a time. */
	record Snapshot(long nanos, Map<String, Long> components, long client, long machineBusy, long machineTotal) {
	}

	CpuSampler(Path runDir) {
		this.runDir = runDir;
		this.clockTicks = clockTicks();
	}

	int cpus() {
		return this.cpus;
	}

	Snapshot snapshot() {
		Map<Long, long[]> processes = processes();
		Map<String, Long> components = new TreeMap<>();
		for (Map.Entry<String, Long> component : pidFiles().entrySet()) {
			components.put(component.getKey(), treeTicks(component.getValue(), processes));
		}
		for (Map.Entry<String, String> named : BY_NAME.entrySet()) {
			long ticks = 0;
			for (Map.Entry<Long, long[]> process : processes.entrySet()) {
				if (named.getValue().equals(comm(process.getKey()))) {
					ticks += process.getValue()[1];
				}
			}
			components.put(named.getKey(), ticks);
		}
		long self = ProcessHandle.current().pid();
		long[] machine = machine();
		return new Snapshot(System.nanoTime(), components, processes.getOrDefault(self, new long[] { 0, 0 })[1],
				machine[0], machine[1]);
	}

	/**
	 * CPU between two readings: per process, percent of one core (100 = one core busy), and milliseconds of CPU per
	 * message when {@code messages} were handled in between (per process, the client and the whole machine).
	 */
	Map<String, Object> between(Snapshot from, Snapshot to, long messages) {
		double seconds = (to.nanos() - from.nanos()) / 1e9;
		Map<String, Double> percent = new LinkedHashMap<>();
		Map<String, Double> msPerMessage = new LinkedHashMap<>();
		double componentsSum = 0;
		for (Map.Entry<String, Long> component : to.components().entrySet()) {
			Long before = from.components().get(component.getKey());
			if (before == null) {
				continue;
			}
			double cpuSeconds = Math.max(0, component.getValue() - before) / (double) this.clockTicks;
			componentsSum += cpuSeconds;
			percent.put(component.getKey(), round1(cpuSeconds / seconds * 100));
			if (messages > 0) {
				msPerMessage.put(component.getKey(), round3(cpuSeconds * 1000 / messages));
			}
		}
		double client = (to.client() - from.client()) / (double) this.clockTicks;
		double machineShare = (to.machineBusy() - from.machineBusy()) / (double) Math.max(1, to.machineTotal() - from.machineTotal());
		double machine = machineShare * this.cpus * seconds;
		double other = Math.max(0, machine - componentsSum - client);
		percent.put("client", round1(client / seconds * 100));
		percent.put("other", round1(other / seconds * 100));
		percent.put("machine", round1(machine / seconds * 100));
		Map<String, Object> cpu = new LinkedHashMap<>();
		cpu.put("seconds", round3(seconds));
		cpu.put("percentOfOneCore", percent);
		if (messages > 0) {
			msPerMessage.put("client", round3(client * 1000 / messages));
			msPerMessage.put("other", round3(other * 1000 / messages));
			msPerMessage.put("machine", round3(machine * 1000 / messages));
			cpu.put("msPerMessage", msPerMessage);
		}
		return cpu;
	}

	/** The PID of each component with a PID file in the run directory. */
	private Map<String, Long> pidFiles() {
		Map<String, Long> pids = new TreeMap<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.runDir, "*.pid")) {
			for (Path file : files) {
				String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
				try {
					pids.put(name, Long.parseLong(Files.readString(file).trim()));
				}
				catch (IOException | NumberFormatException ex) {
					// a component stopping now: left out of this reading
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no run directory " + this.runDir + ": is the stack up?", ex);
		}
		return pids;
	}

	/** Every process: PID → {parent PID, utime + stime}. */
	private static Map<Long, long[]> processes() {
		Map<Long, long[]> processes = new HashMap<>();
		try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), (p) -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
			for (Path dir : proc) {
				try {
					String stat = Files.readString(dir.resolve("stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					processes.put(Long.parseLong(dir.getFileName().toString()),
							new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]) });
				}
				catch (IOException | RuntimeException ex) {
					// gone meanwhile
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return processes;
	}

	/** Ticks of a process and all its descendants (a component started through a wrapper is its children). */
	private static long treeTicks(long root, Map<Long, long[]> processes) {
		Map<Long, List<Long>> children = new HashMap<>();
		processes.forEach((pid, info) -> children.computeIfAbsent(info[0], (k) -> new ArrayList<>()).add(pid));
		long ticks = 0;
		List<Long> todo = new ArrayList<>(List.of(root));
		Set<Long> seen = new java.util.HashSet<>();
		while (!todo.isEmpty()) {
			long pid = todo.remove(todo.size() - 1);
			if (!seen.add(pid)) {
				continue;
			}
			long[] info = processes.get(pid);
			if (info != null) {
				ticks += info[1];
			}
			todo.addAll(children.getOrDefault(pid, List.of()));
		}
		return ticks;
	}

	private static String comm(long pid) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** {busy, total} ticks of the whole machine (busy = all but idle and iowait). */
	private static long[] machine() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length; i++) {
				total += Long.parseLong(fields[i]);
			}
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
			return new long[] { total - idle, total };
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).trim();
			return (getconf.waitFor() == 0) ? Long.parseLong(out) : 100;
		}
		catch (IOException | RuntimeException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	private static double round1(double value) {
		return Math.round(value * 10) / 10.0;
	}

	private static double round3(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
