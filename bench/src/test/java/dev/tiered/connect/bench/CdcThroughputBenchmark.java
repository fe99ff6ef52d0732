package dev.tiered.connect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Streaming throughput, commit-to-Kafka latency and heap of our PostgreSQL CDC source
 * ({@code dev.tiered.connect.cdc.postgres.PostgresCdcSourceConnector}) against Debezium's
 * {@code io.debezium.connector.postgresql.PostgresConnector} 3.7.0.Final, in the same run, on the same WAL. Not JMH:
 * one run is a whole connector streaming a slot's backlog into Kafka.
 *
 * <p>One embedded PostgreSQL ({@link PostgresTestServer}) and one embedded Kafka broker + Connect worker
 * ({@link ConnectTestCluster}, in this JVM: the connectors' heap is this JVM's heap). Debezium is installed as a plugin
 * directory ({@code bench/target/debezium-plugin}, copied by the build) and runs in its own class loader, as users
 * install it; ours is on the class path.
 *
 * <p>Each round (of {@code --rounds}, default 2) uses a fresh database with the connectors' reference table
 * ({@value #TABLE_DDL}) and, for each connector, its own publication and pgoutput slot, both created <em>before</em>
 * the changes, so that both slots hold the same WAL. Then {@code --changes} row changes (default 1,000,000) are made
 * server-side ({@code INSERT ... SELECT generate_series}, {@code UPDATE}/{@code DELETE} on id ranges) in transactions
 * of {@code --tx-rows} rows (default 1,000): 80% inserts, 15% updates, 5% deletes. Then:
 * <ol>
 *   <li><b>bulk</b>: each connector in turn (order alternating between rounds) starts with {@code snapshot.mode=no_data}
 *       on its slot and streams the backlog to its own topic prefix; its run ends when its topic holds every record
 *       (one per insert and update, two per delete: the delete and its tombstone). events/s = changes / (time from
 *       the connector's creation to the Kafka timestamp of its last record);</li>
 *   <li><b>live</b>: each connector in turn, on a new slot, streams while inserts are committed at a steady
 *       {@code --live-rate} (default 5,000 rows/s, in a transaction every 100 ms) for {@code --live-seconds}
 *       (default 20): the commit-to-Kafka latency of a connector that keeps up.</li>
 * </ol>
 * Latency per record = the Kafka record's timestamp (CreateTime: neither connector sets a record timestamp, so the
 * worker's producer stamps it when the worker sends the record) - {@code source.ts_ms} (the transaction's commit time).
 * PostgreSQL, the broker and the worker share this machine's clock. Both connectors run with the same worker, the
 * same converters (JsonConverter, {@code schemas.enable=false}), {@code tasks.max=1} and their defaults otherwise
 * (queue 8,192, batch 2,048, poll 500 ms in both; our heartbeats are on by default, Debezium's off: heartbeats go to
 * another topic and cost nothing measurable).
 *
 * <p>Heap: the connector shares the JVM with the broker, the worker and this harness, so its heap is estimated as a
 * difference. Before each run a full GC gives a baseline (used heap with no connector running). <b>Live heap</b>: once
 * half of the run's records are in Kafka (the live phase: halfway through the load), one more full GC, and used heap
 * minus the baseline is what is reachable while the connector streams at full speed: the connector's queues, batches
 * and caches, plus the worker's and the producer's buffers for its records (the same code for both connectors, but
 * not the same amount: Connect holds each polled batch until it is acknowledged, and the producer's buffer fills with
 * whatever the connector produces). That GC's pause is taken off the run's time. Also reported, less attributable:
 * used heap after each GC during the run (G1's young collections leave old-generation garbage in it) and the peak of
 * used heap sampled every 20 ms (it also counts garbage not yet collected: allocation rate x GC interval). The
 * steadiest figure is <b>allocation per change</b>: the allocated bytes (JVM per-thread counters) of the connector's
 * and task threads (names containing its topic prefix: its reader threads, the task's producer, and the worker's
 * thread running the task's poll, converters and sends, which Connect names {@code task-thread-<connector>-0} while
 * it runs the task), and of the whole JVM. The mid-run live
 * heap's class histogram is printed with each run.
 *
 * <pre>
 * mvn -o -q -pl bench -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -DexcludeGroupIds=io.debezium -Dmdep.outputFile=target/test.classpath
 * java -Xmx4g -cp bench/target/test-classes:bench/target/classes:$(cat bench/target/test.classpath) \
 *     dev.tiered.connect.bench.CdcThroughputBenchmark --changes=1000000 --rounds=2 --results=bench/RESULTS.md
 * </pre>
 */
public final class CdcThroughputBenchmark {

    static final String OURS = "ours";
    static final String DEBEZIUM = "debezium";
    static final String BULK = "bulk";
    static final String LIVE = "live";
    static final String OURS_CLASS = "dev.tiered.connect.cdc.postgres.PostgresCdcSourceConnector";
    static final String DEBEZIUM_CLASS = "io.debezium.connector.postgresql.PostgresConnector";
    static final String DEBEZIUM_VERSION = "3.7.0.Final";
    static final String TABLE = "customers";
    /** connectors/postgres-cdc's reference table (CdcTestDatabase.CUSTOMERS_DDL, Debezium's recorded reference). */
    static final String TABLE_DDL = "CREATE TABLE customers (id int PRIMARY KEY, big_col bigint,"
            + " amount numeric(10,2), note text, active boolean, created_ts timestamp, created_tstz timestamptz,"
            + " birth date, ext_id uuid, attrs jsonb)";
    /** The row for id {@code g}: every column set, values varying with the id. */
    private static final String ROW_SELECT = "SELECT g, g * 1000::bigint, (g % 100000) / 100.0,"
            + " 'customer note ' || g, g % 2 = 0, timestamp '2024-01-01' + g * interval '1 second',"
            + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', date '2000-01-01' + (g % 10000),"
            + " md5(g::text)::uuid, jsonb_build_object('k', g, 'tags', jsonb_build_array('a', 'b'))";

    static final String SECTION_TITLE = "# CdcThroughputBenchmark results: our PostgreSQL CDC source against Debezium";
    static final String BEGIN_MARKER = "<!-- CdcThroughputBenchmark: generated figures begin -->";
    static final String END_MARKER = "<!-- CdcThroughputBenchmark: generated figures end -->";

    /**
     * The test server runs with {@code synchronous_commit=off} (and fsync off): a commit's WAL would then reach the
     * walsender only at the WAL writer's next round (wal_writer_delay, 200 ms), which would dominate the latency of
     * both connectors. The generating sessions commit as production servers do by default.
     */
    static final String SYNCHRONOUS_COMMIT = "SET synchronous_commit = on";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CdcThroughputBenchmark() {
    }

    /** What to run. */
    public record Settings(long changes, int rounds, int txRows, int liveRate, int liveSeconds, Path results,
                           long producerBufferBytes) {
        public Settings(long changes, int rounds, int txRows, int liveRate, int liveSeconds, Path results) {
            this(changes, rounds, txRows, liveRate, liveSeconds, results, 0);
        }

        public static Settings defaults() {
            return new Settings(1_000_000, 2, 1_000, 5_000, 20, null, 0);
        }

        static Settings parse(String[] args) {
            Settings s = defaults();
            long changes = s.changes;
            int rounds = s.rounds;
            int txRows = s.txRows;
            int liveRate = s.liveRate;
            int liveSeconds = s.liveSeconds;
            Path results = s.results;
            long producerBuffer = s.producerBufferBytes;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                switch (kv[0]) {
                    case "--changes" -> changes = Long.parseLong(value.replace("_", ""));
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--tx-rows" -> txRows = Integer.parseInt(value);
                    case "--live-rate" -> liveRate = Integer.parseInt(value);
                    case "--live-seconds" -> liveSeconds = Integer.parseInt(value);
                    case "--results" -> results = Path.of(value);
                    case "--producer-buffer-bytes" -> producerBuffer = Long.parseLong(value.replace("_", ""));
                    default -> throw new IllegalArgumentException("Unknown argument " + arg + "; known: --changes=N "
                            + "--rounds=R --tx-rows=T --live-rate=ROWS_PER_S --live-seconds=S --results=RESULTS.md "
                            + "--producer-buffer-bytes=B");
                }
            }
            return new Settings(changes, rounds, txRows, liveRate, liveSeconds, results, producerBuffer).check();
        }

        Settings check() {
            if (changes < 20 || rounds <= 0 || txRows <= 0 || liveRate < 0 || liveSeconds < 0) {
                throw new IllegalArgumentException("changes >= 20, rounds and tx-rows positive, live rate and "
                        + "seconds not negative: " + this);
            }
            return this;
        }

        /** The bulk workload's mix: 80% inserts, 15% updates (of inserted rows), 5% deletes (of other inserted rows). */
        long inserts() {
            return changes - updates() - deletes();
        }

        long updates() {
            return changes * 15 / 100;
        }

        long deletes() {
            return changes * 5 / 100;
        }

        /** Records on the topic: one per change, plus a tombstone per delete (tombstones.on.delete defaults to true). */
        long bulkRecords() {
            return changes + deletes();
        }

        long liveChanges() {
            return (long) liveBatch() * liveTicks();
        }

        /** Live inserts per 100 ms tick. */
        int liveBatch() {
            return Math.max(1, liveRate / 10);
        }

        int liveTicks() {
            return liveRate == 0 ? 0 : liveSeconds * 10;
        }
    }

    /** One connector streaming one phase of one round. */
    public record Run(String connector, String phase, int round, long changes, long records, double seconds,
                      double firstToLastSeconds, double latencyP50Ms, double latencyP99Ms, double latencyMaxMs,
                      long baselineHeapBytes, long liveSetAboveBaseline, long peakHeapAboveBaseline,
                      long avgAfterGcAboveBaseline,
                      long maxAfterGcAboveBaseline, int gcCount, double gcSeconds, long allocatedBytes,
                      long connectorAllocatedBytes, double cpuSeconds, double connectorCpuSeconds,
                      String liveHistogram) {

        /** Changes per second from the connector's creation to its last record in Kafka. */
        double eventsPerSecond() {
            return changes / seconds;
        }

        /** Changes per second from its first to its last record in Kafka (start-up excluded). */
        double streamingEventsPerSecond() {
            return firstToLastSeconds <= 0 ? Double.NaN : changes / firstToLastSeconds;
        }

        double allocatedPerChange() {
            return (double) allocatedBytes / changes;
        }

        double connectorAllocatedPerChange() {
            return (double) connectorAllocatedBytes / changes;
        }

        double cpuMicrosPerChange() {
            return cpuSeconds * 1e6 / changes;
        }

        double connectorCpuMicrosPerChange() {
            return connectorCpuSeconds * 1e6 / changes;
        }
    }

    /** Everything measured. */
    public record Report(Settings settings, List<Run> runs, String machine, double generateSeconds) {

        List<Run> of(String connector, String phase) {
            return runs.stream().filter(r -> r.connector.equals(connector) && r.phase.equals(phase)).toList();
        }

        double median(String connector, String phase, ToDoubleFunction<Run> f) {
            double[] values = of(connector, phase).stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).sorted()
                    .toArray();
            if (values.length == 0) {
                return Double.NaN;
            }
            int m = values.length / 2;
            return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
        }

        /** Median of ours over median of Debezium's. */
        double ratio(String phase, ToDoubleFunction<Run> f) {
            return median(OURS, phase, f) / median(DEBEZIUM, phase, f);
        }

        boolean throughputGoalMet() {
            return ratio(BULK, Run::eventsPerSecond) >= 1.0;
        }

        boolean heapGoalMet() {
            return ratio(BULK, Run::liveSetAboveBaseline) < 1.0 && ratio(BULK, Run::connectorAllocatedPerChange) < 1.0;
        }

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%,d row changes per round (%,d inserts, %,d updates, %,d deletes;"
                            + " %,d records with the tombstones) in transactions of %,d rows, generated in %.1f s; live"
                            + " phase %,d inserts/s for %d s; %d round(s); producer buffer.memory %s. %s%n%n",
                    settings.changes, settings.inserts(), settings.updates(), settings.deletes(),
                    settings.bulkRecords(), settings.txRows, generateSeconds, settings.liveRate, settings.liveSeconds,
                    settings.rounds, settings.producerBufferBytes > 0
                            ? String.format(Locale.ROOT, "%,d B (producer.override)", settings.producerBufferBytes)
                            : "the worker's default (32 MiB)", machine));
            out.append("| Round | Connector | Phase | changes | s (start → last record) | events/s | events/s first → last "
                    + "| latency p50 ms | p99 ms | max ms | live heap mid-run above baseline MB "
                    + "| heap after GC above baseline, avg MB | max MB | peak heap above baseline MB | GCs | GC s "
                    + "| allocated / change, JVM | connector + task threads | CPU µs / change, JVM "
                    + "| connector + task threads |\n");
            out.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Run r : runs) {
                out.append(String.format(Locale.ROOT, "| %d | %s | %s | %,d | %.2f | %,.0f | %,.0f | %.0f | %.0f | %.0f "
                                + "| %.1f | %.1f | %.1f | %.1f | %d | %.2f | %,.0f B | %,.0f B | %.1f | %.1f |%n",
                        r.round, r.connector, r.phase, r.changes, r.seconds, r.eventsPerSecond(),
                        r.streamingEventsPerSecond(), r.latencyP50Ms, r.latencyP99Ms, r.latencyMaxMs,
                        r.liveSetAboveBaseline / 1e6, r.avgAfterGcAboveBaseline / 1e6, r.maxAfterGcAboveBaseline / 1e6,
                        r.peakHeapAboveBaseline / 1e6, r.gcCount, r.gcSeconds, r.allocatedPerChange(),
                        r.connectorAllocatedPerChange(), r.cpuMicrosPerChange(), r.connectorCpuMicrosPerChange()));
            }
            out.append("\nBulk latencies are the backlog's age when streamed (the changes were all committed before the "
                    + "first connector started, so the second one's include the first one's run); only the live "
                    + "phase's are commit-to-Kafka latencies of a connector that keeps up.\n");
            out.append("\nMedians over the rounds, and ours ÷ Debezium's:\n\n");
            out.append("| Phase | Figure | ours | Debezium | ours ÷ Debezium |\n|---|---|---:|---:|---:|\n");
            for (String phase : List.of(BULK, LIVE)) {
                if (of(OURS, phase).isEmpty()) {
                    continue;
                }
                row(out, phase, "events/s (start → last record)", "%,.0f", Run::eventsPerSecond);
                row(out, phase, "events/s (first → last record)", "%,.0f", Run::streamingEventsPerSecond);
                if (phase.equals(LIVE)) {
                    row(out, phase, "commit → Kafka latency p50, ms", "%.0f", Run::latencyP50Ms);
                    row(out, phase, "commit → Kafka latency p99, ms", "%.0f", Run::latencyP99Ms);
                }
                row(out, phase, "live heap mid-run (after a full GC) above baseline, MB", "%.1f",
                        r -> r.liveSetAboveBaseline / 1e6);
                row(out, phase, "heap after GC above baseline, avg MB", "%.1f", r -> r.avgAfterGcAboveBaseline / 1e6);
                row(out, phase, "heap after GC above baseline, max MB", "%.1f", r -> r.maxAfterGcAboveBaseline / 1e6);
                row(out, phase, "peak heap above baseline, MB", "%.1f", r -> r.peakHeapAboveBaseline / 1e6);
                row(out, phase, "allocated / change, connector + task threads, B", "%,.0f", Run::connectorAllocatedPerChange);
                row(out, phase, "allocated / change, whole JVM, B", "%,.0f", Run::allocatedPerChange);
                row(out, phase, "CPU / change, connector + task threads, µs", "%.1f", Run::connectorCpuMicrosPerChange);
                row(out, phase, "CPU / change, whole JVM, µs", "%.1f", Run::cpuMicrosPerChange);
            }
            out.append(String.format(Locale.ROOT, "%nGoal (bulk): events/s ≥ Debezium's: **%s** (%.2f×); less heap "
                            + "(live heap mid-run and the connector + task threads' allocation per change both below "
                            + "Debezium's): **%s** (%.2f× and %.2f×).%n",
                    throughputGoalMet() ? "met" : "missed", ratio(BULK, Run::eventsPerSecond),
                    heapGoalMet() ? "met" : "missed", ratio(BULK, Run::liveSetAboveBaseline),
                    ratio(BULK, Run::connectorAllocatedPerChange)));
            return out.toString();
        }

        /** The headline figures for bench/results/cdc.json, judged against issue 7's goals. */
        List<Figures.Figure> figures() {
            List<Figures.Figure> figures = new ArrayList<>();
            figures.add(Figures.Figure.goal("CDC ÷ Debezium, events/s (1 M-change backlog)",
                    ratio(BULK, Run::eventsPerSecond), "×", ">= 1"));
            figures.add(Figures.Figure.goal("CDC ÷ Debezium, live heap during the backlog",
                    ratio(BULK, Run::liveSetAboveBaseline), "×", "<= 1"));
            figures.add(Figures.Figure.goal("CDC ÷ Debezium, allocation per change",
                    ratio(BULK, Run::connectorAllocatedPerChange), "×", "<= 1"));
            figures.add(Figures.Figure.context("CDC events/s (backlog)", median(OURS, BULK, Run::eventsPerSecond),
                    "/s"));
            figures.add(Figures.Figure.context("Debezium events/s (backlog)",
                    median(DEBEZIUM, BULK, Run::eventsPerSecond), "/s"));
            if (!of(OURS, LIVE).isEmpty()) {
                figures.add(Figures.Figure.context("CDC commit → Kafka latency p50 (live)",
                        median(OURS, LIVE, Run::latencyP50Ms), "ms"));
                figures.add(Figures.Figure.context("CDC commit → Kafka latency p99 (live)",
                        median(OURS, LIVE, Run::latencyP99Ms), "ms"));
                figures.add(Figures.Figure.context("Debezium commit → Kafka latency p50 (live)",
                        median(DEBEZIUM, LIVE, Run::latencyP50Ms), "ms"));
                figures.add(Figures.Figure.context("Debezium commit → Kafka latency p99 (live)",
                        median(DEBEZIUM, LIVE, Run::latencyP99Ms), "ms"));
            }
            return figures;
        }

        private void row(StringBuilder out, String phase, String figure, String format, ToDoubleFunction<Run> f) {
            double ours = median(OURS, phase, f);
            double theirs = median(DEBEZIUM, phase, f);
            out.append(String.format(Locale.ROOT, "| %s | %s | " + format + " | " + format + " | %.2f |%n", phase,
                    figure, ours, theirs, ours / theirs));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Report report = run(settings, System.out);
        System.out.println();
        String markdown = report.markdown();
        System.out.println(markdown);
        if (settings.results != null) {
            ResultsSection.publish(settings.results, "CdcThroughputBenchmark", "cdc", SECTION_TITLE, args, markdown,
                    report.machine(), report.figures());
        }
        System.out.flush();
        // The cluster's non-daemon threads: the shutdown hooks stop them and PostgreSQL.
        System.exit(0);
    }

    /** Runs the benchmark on a cluster of its own and the JVM's PostgreSQL server, printing progress to {@code log}. */
    public static Report run(Settings settings, PrintStream log) throws Exception {
        settings.check();
        Path debeziumPlugins = debeziumPluginPath();
        if (CdcThroughputBenchmark.class.getClassLoader().getResource("io/debezium/snapshot/mode/NeverSnapshotter.class")
                != null) {
            throw new IllegalStateException("debezium-core 3.3.x (from debezium-scripting, for the router benchmark) is "
                    + "on the class path: its META-INF/services entries would reach Debezium 3.7's plugin class loader "
                    + "and fail its task. Leave the io.debezium jars out (-DexcludeGroupIds=io.debezium)");
        }
        PostgresTestServer pg = PostgresTestServer.shared();
        try (ConnectTestCluster cluster = ConnectTestCluster.builder()
                .name("cdc-bench")
                .workers(1)
                .pluginPath(debeziumPlugins)
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .build()
                .start()) {
            String machine = machine();
            log.println("Machine: " + machine);
            List<Run> runs = new ArrayList<>();
            double generateSeconds = 0;
            for (int round = 1; round <= settings.rounds; round++) {
                List<String> order = round % 2 == 1 ? List.of(OURS, DEBEZIUM) : List.of(DEBEZIUM, OURS);
                String db = pg.createDatabase("cdcbench");
                try {
                    pg.execute(db, TABLE_DDL);
                    for (String connector : order) {
                        createSlot(pg, db, connector, BULK);
                    }
                    long begin = System.nanoTime();
                    generateBulk(pg, db, settings);
                    generateSeconds = (System.nanoTime() - begin) / 1e9;
                    log.printf(Locale.ROOT, "round %d: %,d changes committed in %.1f s (%,.0f/s)%n", round,
                            settings.changes, generateSeconds, settings.changes / generateSeconds);
                    for (String connector : order) {
                        Run run = runBulk(cluster, pg, db, settings, connector, round);
                        runs.add(run);
                        log.println(describe(run));
                        log.println("  live objects mid-run (GC.class_histogram, whole JVM):\n" + run.liveHistogram());
                    }
                    if (settings.liveTicks() > 0) {
                        for (String connector : order) {
                            Run run = runLive(cluster, pg, db, settings, connector, round);
                            runs.add(run);
                            log.println(describe(run));
                        }
                    }
                } finally {
                    pg.dropDatabase(db);
                }
            }
            return new Report(settings, runs, machine, generateSeconds);
        }
    }

    private static String describe(Run run) {
        return String.format(Locale.ROOT, "round %d %-8s %-4s %,9d changes %7.2f s %,8.0f events/s (%,.0f first→last)"
                        + "  latency p50 %.0f ms p99 %.0f ms  live heap +%.1f MB, after GC +%.1f MB (max +%.1f), peak +%.1f MB"
                        + "  alloc %,.0f B/change (connector + task %,.0f B)  CPU %.1f µs/change (connector + task %.1f)",
                run.round, run.connector, run.phase, run.changes, run.seconds, run.eventsPerSecond(),
                run.streamingEventsPerSecond(), run.latencyP50Ms, run.latencyP99Ms, run.liveSetAboveBaseline / 1e6,
                run.avgAfterGcAboveBaseline / 1e6, run.maxAfterGcAboveBaseline / 1e6, run.peakHeapAboveBaseline / 1e6,
                run.allocatedPerChange(), run.connectorAllocatedPerChange(), run.cpuMicrosPerChange(),
                run.connectorCpuMicrosPerChange());
    }

    /** The directory the build copied Debezium's connector into: next to this class's {@code test-classes}. */
    static Path debeziumPluginPath() throws URISyntaxException {
        Path classes = Path.of(CdcThroughputBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path plugins = classes.getParent().resolve("debezium-plugin");
        if (!Files.isDirectory(plugins.resolve("debezium-connector-postgres"))) {
            throw new IllegalStateException("No Debezium plugin directory at " + plugins + ": build the bench module "
                    + "(its maven-dependency-plugin copies Debezium's connector there at generate-test-resources)");
        }
        return plugins;
    }

    static String slotName(String connector, String phase) {
        return "bench_" + connector + "_" + phase;
    }

    /** A publication for the table and a pgoutput slot, created before the changes the connector is to stream. */
    private static void createSlot(PostgresTestServer pg, String db, String connector, String phase) {
        String name = slotName(connector, phase);
        pg.execute(db, "CREATE PUBLICATION " + name + " FOR TABLE " + TABLE,
                "SELECT pg_create_logical_replication_slot('" + name + "', 'pgoutput')");
    }

    private static void dropSlot(PostgresTestServer pg, String db, String connector, String phase) {
        String name = slotName(connector, phase);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // The connector's replication connection ends a moment after its task stops.
        while (!pg.query("postgres", "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active", name)
                .isEmpty()) {
            if (System.nanoTime() > deadline) {
                pg.execute("postgres", "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                        + " WHERE slot_name = '" + name + "' AND active_pid IS NOT NULL");
            }
            sleep(100);
        }
        pg.execute("postgres", "SELECT pg_drop_replication_slot('" + name + "')");
        pg.execute(db, "DROP PUBLICATION " + name);
    }

    /**
     * The bulk changes, in transactions of {@code txRows} rows: inserts of ids 1..I, then updates of ids 1..U, then
     * deletes of the last D inserted ids (never updated ones, so every change touches a row that exists).
     */
    static void generateBulk(PostgresTestServer pg, String db, Settings settings) throws SQLException {
        long inserts = settings.inserts();
        try (Connection connection = pg.connect(db); Statement statement = connection.createStatement()) {
            statement.execute(SYNCHRONOUS_COMMIT);
            for (long from = 1; from <= inserts; from += settings.txRows) {
                long to = Math.min(inserts, from + settings.txRows - 1);
                statement.execute("INSERT INTO " + TABLE + " " + ROW_SELECT + " FROM generate_series(" + from + ", "
                        + to + ") g");
            }
            for (long from = 1; from <= settings.updates(); from += settings.txRows) {
                long to = Math.min(settings.updates(), from + settings.txRows - 1);
                statement.execute("UPDATE " + TABLE + " SET amount = amount + 1, note = note || ' (updated)',"
                        + " big_col = big_col + 1, attrs = attrs || '{\"updated\": true}' WHERE id BETWEEN " + from
                        + " AND " + to);
            }
            long firstDeleted = inserts - settings.deletes() + 1;
            for (long from = firstDeleted; from <= inserts; from += settings.txRows) {
                long to = Math.min(inserts, from + settings.txRows - 1);
                statement.execute("DELETE FROM " + TABLE + " WHERE id BETWEEN " + from + " AND " + to);
            }
        }
    }

    static Map<String, String> connectorConfig(PostgresTestServer pg, String db, String connector, String name,
                                               String prefix, String slot, long producerBufferBytes) {
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
        config.put("name", name);
        config.put("connector.class", connector.equals(OURS) ? OURS_CLASS : DEBEZIUM_CLASS);
        config.put("tasks.max", "1");
        config.put("database.hostname", pg.host());
        config.put("database.port", Integer.toString(pg.port()));
        config.put("database.user", pg.user());
        config.put("database.password", pg.password());
        config.put("database.dbname", db);
        config.put("topic.prefix", prefix);
        config.put("slot.name", slot);
        config.put("publication.name", slot);
        config.put("plugin.name", "pgoutput");
        config.put("snapshot.mode", "no_data");
        if (producerBufferBytes > 0) {
            // Bounds the records Connect keeps in flight (each SourceRecord is held until the broker acknowledges it):
            // the worker's default buffer.memory (32 MiB of serialized records) is what fills when a connector reads
            // faster than the task's producer sends.
            config.put("producer.override.buffer.memory", Long.toString(producerBufferBytes));
        }
        return config;
    }

    private static Run runBulk(ConnectTestCluster cluster, PostgresTestServer pg, String db, Settings settings,
                               String connector, int round) throws Exception {
        String slot = slotName(connector, BULK);
        String prefix = "bench" + round + "_" + connector + "_" + BULK;
        String topic = prefix + ".public." + TABLE;
        cluster.createTopic(topic, 1);
        String name = "cdc-" + prefix;
        Sampler sampler = Sampler.start(prefix);
        long startMillis = System.currentTimeMillis();
        cluster.connect().configureConnector(name, connectorConfig(pg, db, connector, name, prefix, slot, settings.producerBufferBytes));
        awaitRecords(cluster, name, topic, settings.bulkRecords(), settings.bulkRecords() / 2, sampler);
        Sampler.Result heap = sampler.stop();
        cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
        dropSlot(pg, db, connector, BULK);
        return measure(cluster, connector, BULK, round, topic, settings.changes, settings.bulkRecords(), startMillis,
                heap, 0);
    }

    /**
     * The connector streams from a new slot while inserts are committed at the live rate. The first insert, alone,
     * is waited for before the others start, so the figures are the steady state, not the connector's start-up.
     */
    private static Run runLive(ConnectTestCluster cluster, PostgresTestServer pg, String db, Settings settings,
                               String connector, int round) throws Exception {
        createSlot(pg, db, connector, LIVE);
        String slot = slotName(connector, LIVE);
        String prefix = "bench" + round + "_" + connector + "_" + LIVE;
        String topic = prefix + ".public." + TABLE;
        cluster.createTopic(topic, 1);
        String name = "cdc-" + prefix;
        long firstId = 1_000_000_000L + round * 100_000_000L + (connector.equals(OURS) ? 0 : 50_000_000L);
        cluster.connect().configureConnector(name, connectorConfig(pg, db, connector, name, prefix, slot, settings.producerBufferBytes));
        pg.execute(db, "INSERT INTO " + TABLE + " " + ROW_SELECT + " FROM generate_series(" + firstId + ", " + firstId
                + ") g");
        awaitRecords(cluster, name, topic, 1, Long.MAX_VALUE, null);
        long changes = settings.liveChanges();
        Sampler sampler = Sampler.start(prefix);
        long startMillis = System.currentTimeMillis();
        try (Connection connection = pg.connect(db); Statement statement = connection.createStatement()) {
            statement.execute(SYNCHRONOUS_COMMIT);
            long next = System.nanoTime();
            long id = firstId + 1;
            for (int tick = 0; tick < settings.liveTicks(); tick++) {
                if (tick == settings.liveTicks() / 2) {
                    sampler.liveSet();
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                statement.execute("INSERT INTO " + TABLE + " " + ROW_SELECT + " FROM generate_series(" + id + ", "
                        + (id + settings.liveBatch() - 1) + ") g");
                id += settings.liveBatch();
                next += TimeUnit.MILLISECONDS.toNanos(100);
            }
        }
        awaitRecords(cluster, name, topic, 1 + changes, Long.MAX_VALUE, null);
        Sampler.Result heap = sampler.stop();
        cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
        dropSlot(pg, db, connector, LIVE);
        return measure(cluster, connector, LIVE, round, topic, changes, changes, startMillis, heap, 1);
    }

    /**
     * Waits until the topic's single partition holds {@code records}, failing fast if the connector fails; once it
     * holds {@code midpoint}, has the sampler measure the live heap.
     */
    private static void awaitRecords(ConnectTestCluster cluster, String connector, String topic, long records,
                                     long midpoint, Sampler sampler) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long polls = 0;
        while (true) {
            long end = cluster.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).offset();
            if (sampler != null && end >= midpoint) {
                sampler.liveSet();
                sampler = null;
            }
            if (end >= records) {
                if (end > records) {
                    throw new IllegalStateException(topic + " holds " + end + " records, expected " + records);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(connector + " wrote " + end + " of " + records + " records within "
                        + RUN_TIMEOUT + ": " + cluster.describeConnector(connector));
            }
            if (++polls % 40 == 0) {
                ClusterProbes.failIfFailed(cluster, connector);
            }
            Thread.sleep(25);
        }
    }

    /**
     * Reads the topic back (after the run, so the reading is not measured): every change record's latency
     * (record timestamp - source.ts_ms), the first and last record timestamps.
     */
    private static Run measure(ConnectTestCluster cluster, String connector, String phase, int round, String topic,
                               long changes, long records, long startMillis, Sampler.Result heap, int skip)
            throws IOException {
        // From offset skip on: the live phase's first record is the start-up marker, not part of the figures.
        long[] latencies = new long[(int) changes];
        int n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long seen = 0;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, skip);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (seen < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    seen++;
                    first = Math.min(first, record.timestamp());
                    last = Math.max(last, record.timestamp());
                    if (record.value() == null) {
                        continue; // a tombstone: no source block
                    }
                    JsonNode source = JSON.readTree(record.value()).get("source");
                    latencies[n++] = record.timestamp() - source.get("ts_ms").asLong();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Read " + seen + " of " + records + " records of " + topic);
                }
            }
        }
        if (n != changes) {
            throw new IllegalStateException(topic + ": " + n + " change events, expected " + changes);
        }
        Arrays.sort(latencies);
        // The mid-run full GC stopped the world, connector included: its pause is not the connector's time.
        double pause = heap.liveSetPauseSeconds;
        return new Run(connector, phase, round, changes, records, withoutPause((last - startMillis) / 1e3, pause),
                withoutPause((last - first) / 1e3, pause), percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies[latencies.length - 1], heap.baseline, heap.liveSetAboveBaseline, heap.peakAboveBaseline, heap.avgAfterGcAboveBaseline, heap.maxAfterGcAboveBaseline,
                heap.gcCount, heap.gcSeconds, heap.allocatedBytes, heap.connectorAllocatedBytes, heap.cpuSeconds,
                heap.connectorCpuSeconds, heap.histogram);
    }

    /**
     * A span without the mid-run GC pause, when the pause fell inside it; in a tiny run the pause can outlast the
     * span (it was then taken after the last record), which must not give a negative time.
     */
    static double withoutPause(double seconds, double pauseSeconds) {
        return seconds > pauseSeconds ? seconds - pauseSeconds : seconds;
    }

    static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Samples during one run: used heap every 20 ms, used heap after every GC (JMX notifications), and the allocated
     * bytes and CPU time of every thread (those of the connector: names containing its topic prefix, which Connect's
     * task thread and producer and both connectors' reader threads carry; sampled every 200 ms, so a thread's name is
     * the one it had then).
     */
    static final class Sampler implements NotificationListener {
        record Result(String histogram, long baseline, long liveSetAboveBaseline, double liveSetPauseSeconds,
                      long peakAboveBaseline,
                      long avgAfterGcAboveBaseline,
                      long maxAfterGcAboveBaseline, int gcCount, double gcSeconds, long allocatedBytes,
                      long connectorAllocatedBytes, double cpuSeconds, double connectorCpuSeconds) {
        }

        private final String prefix;
        private final long baseline;
        private final Set<String> heapPools = new HashSet<>();
        private final List<Long> afterGc = new ArrayList<>();
        private final Map<Long, long[]> threadStart = new HashMap<>();
        private final Map<Long, long[]> threadLast = new HashMap<>();
        private final Map<Long, String> threadNames = new HashMap<>();
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long gcMillisBefore;
        private final long gcCountBefore;
        private final long cpuBefore;
        private volatile boolean running = true;
        private final Thread thread;
        private long peak;
        private long liveSet = -1;
        private String liveHistogram = "";
        private double liveSetPauseSeconds;

        private Sampler(String prefix) {
            this.prefix = prefix;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            System.gc();
            this.baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            // After the baseline's full GC, which is not the run's.
            this.gcMillisBefore = ResultsSection.gcMillis();
            this.gcCountBefore = ResultsSection.gcCount();
            sampleThreads(threadStart);
            this.cpuBefore = ResultsSection.processCpuNanos();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(this, null, null);
            }
            this.thread = new Thread(this::loop, "cdc-bench-sampler");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        static Sampler start(String prefix) {
            return new Sampler(prefix);
        }

        /**
         * The live heap now, mid-run: a full GC (stop-the-world; its pause is taken off the run's time), then used
         * heap minus the baseline: what the connector, and the worker's and broker's handling of its records, keep
         * reachable while it streams at full speed.
         */
        void liveSet() {
            long begin = System.nanoTime();
            // GC.class_histogram: a full GC, then the live objects by class (what the connector keeps, for the report)
            String histogram = classHistogram();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            synchronized (this) {
                liveSetPauseSeconds = (System.nanoTime() - begin) / 1e9;
                liveSet = used;
                liveHistogram = histogram;
            }
        }

        private static String classHistogram() {
            try {
                Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
                return String.join("\n", Arrays.asList(text.toString().split("\n")).subList(0,
                        Math.min(25, text.toString().split("\n").length)));
            } catch (javax.management.JMException e) {
                System.gc();
                return "(no class histogram: " + e + ")";
            }
        }

        private void loop() {
            int tick = 0;
            while (running) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                synchronized (this) {
                    peak = Math.max(peak, used);
                    if (++tick % 10 == 0) {
                        sampleThreads(threadLast);
                    }
                }
                sleep(20);
            }
        }

        /** Per live thread: allocated bytes and CPU nanoseconds, kept per thread id (dead threads keep their last). */
        private void sampleThreads(Map<Long, long[]> into) {
            Thread[] all = new Thread[Thread.activeCount() * 2 + 16];
            int count = rootGroup().enumerate(all, true);
            for (int i = 0; i < count; i++) {
                long id = all[i].getId();
                long allocated = threads.getThreadAllocatedBytes(id);
                long cpu = threads.getThreadCpuTime(id);
                if (allocated >= 0) {
                    into.put(id, new long[] {allocated, Math.max(0, cpu)});
                    threadNames.put(id, all[i].getName());
                }
            }
        }

        private static ThreadGroup rootGroup() {
            ThreadGroup group = Thread.currentThread().getThreadGroup();
            while (group.getParent() != null) {
                group = group.getParent();
            }
            return group;
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if ("System.gc()".equals(info.getGcCause())) {
                return; // the live-set measurement's own full GC, not one the run's allocation caused
            }
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                }
            }
            synchronized (this) {
                afterGc.add(used);
            }
        }

        Result stop() throws InterruptedException {
            running = false;
            thread.join();
            double cpuSeconds = (ResultsSection.processCpuNanos() - cpuBefore) / 1e9;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                try {
                    ((NotificationEmitter) gc).removeNotificationListener(this);
                } catch (ListenerNotFoundException e) {
                    // not registered: nothing to remove
                }
            }
            synchronized (this) {
                sampleThreads(threadLast);
                long allocated = 0;
                long connectorAllocated = 0;
                long connectorCpu = 0;
                for (Map.Entry<Long, long[]> e : threadLast.entrySet()) {
                    long[] before = threadStart.getOrDefault(e.getKey(), new long[2]);
                    long bytes = Math.max(0, e.getValue()[0] - before[0]);
                    allocated += bytes;
                    String name = threadNames.get(e.getKey());
                    if (name.contains(prefix)) {
                        connectorAllocated += bytes;
                        connectorCpu += Math.max(0, e.getValue()[1] - before[1]);
                    }
                }
                long sum = 0;
                long max = 0;
                for (long used : afterGc) {
                    sum += used;
                    max = Math.max(max, used);
                }
                long avg = afterGc.isEmpty() ? baseline : sum / afterGc.size();
                if (afterGc.isEmpty()) {
                    max = baseline;
                }
                return new Result(liveHistogram, baseline, liveSet < 0 ? 0 : liveSet - baseline, liveSetPauseSeconds,
                        Math.max(0, peak - baseline), avg - baseline, max - baseline,
                        (int) (ResultsSection.gcCount() - gcCountBefore),
                        (ResultsSection.gcMillis() - gcMillisBefore) / 1e3, allocated,
                        connectorAllocated, cpuSeconds, connectorCpu / 1e9);
            }
        }
    }

    /**
     * Replaces the generated part of this benchmark's section in RESULTS.md (between the markers), keeping what was
     * written around it; appends the section if there is none.
     */
    static void writeResults(Path results, String markdown, String arguments) throws IOException {
        ResultsSection.write(results, SECTION_TITLE, BEGIN_MARKER, END_MARKER, "CdcThroughputBenchmark", markdown,
                arguments);
    }




    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, Java %s (%s), max heap %d MB, load average %.2f at start",
                runtime.availableProcessors(), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), runtime.maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
