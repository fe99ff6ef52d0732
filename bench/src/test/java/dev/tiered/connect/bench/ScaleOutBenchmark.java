package dev.tiered.connect.bench;

import dev.tiered.connect.datagen.ReferenceEvent;
import dev.tiered.connect.datagen.ReferenceEventGenerator;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Scale-out of the S3 sink and of the PriorityRouter with 1, 2 and 4 tasks on 1 to 3 workers, end to end in an embedded
 * Kafka + Connect cluster ({@link ConnectTestCluster}, in this JVM) with an in-memory s3proxy ({@link S3TestServer}).
 *
 * <p>For each cell (tasks, workers) of the grid (default (1,1), (2,1), (2,2), (4,2), (4,3)), on a cluster with that many
 * workers (one cluster per worker count, cells with the same count share it), three pipelines run one after another:
 * <ol>
 *   <li>{@code s3-sink}: the S3 sink at its defaults (plus what the test environment needs) with {@code tasks.max} =
 *       tasks, draining a topic of {@code --partitions} (default 8) partitions pre-filled with {@code --events}
 *       (default 200,000) reference events of {@link EventFixture#generator()} as schemaless JSON, round-robin, the
 *       same as {@link SinkThroughputBenchmark}. {@code flush.size} = events / partitions, so each partition's one
 *       batch commits on its count (no schedule to wait for). Done when the consumer group's committed offsets
 *       reach the end of every partition (every record in a committed object);</li>
 *   <li>{@code generator}: the pack's event generator source ({@code EventGeneratorSourceConnector},
 *       {@code events.per.second=0}, {@code max.events} = events, schemaless JSON) writing to one topic, no SMT: the
 *       floor of the router's pipeline;</li>
 *   <li>{@code generator+router}: the same with PriorityRouter ({@link RoutingRules#priorityRouterConfig}: the 5
 *       rules of RouterBenchmark, headers on) routing to {@code .hot} and {@code .cold} topics. Done when the end
 *       offsets of the hot and cold topics add up to the events.</li>
 * </ol>
 * The router is measured on a source because that is where it runs in the pack's pipelines (the quickstart's
 * generator → router), on the {@code Map} values a source produces, with Connect's producer path after it; replaying a
 * pre-filled topic would need a source connector that re-reads Kafka (MirrorMaker, whose values are {@code byte[]} —
 * the router's slow, parse-the-JSON path, which is not its common case). Its own cost is the difference between the two
 * generator pipelines in the same cell: about 0.2 µs per record by JMH (RouterBenchmark), small against the ~30 µs
 * the whole JVM spends per generated record, so that difference is within the noise of a shared machine; what this
 * harness shows is how the routed pipeline's cost grows with tasks and workers.
 *
 * <p>Time is from the connector's creation until done; "active" time from the first poll (every 50 ms) that sees
 * progress until done, which leaves out the connector's start and the rebalance that assigns its tasks. Rates are on
 * the active time. CPU is the whole JVM's (broker, workers, s3proxy, harness) from creation until done.
 *
 * <p><b>All workers are in this JVM and share its cores</b> (2 on the reference machine) with the broker and s3proxy:
 * more tasks or workers cannot add CPU, so absolute throughput cannot grow past what 2 cores do; the figures show how
 * the <i>cost</i> of the work grows with the work (CPU per record should stay flat as tasks and workers are added, and
 * records/s should not fall), not how a real multi-host cluster scales.
 *
 * <pre>
 * mvn -o -q -pl bench -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test.classpath
 * java -Xmx4g -cp bench/target/test-classes:bench/target/classes:$(cat bench/target/test.classpath) \
 *     dev.tiered.connect.bench.ScaleOutBenchmark --events=200000 --partitions=8 --results=bench/RESULTS.md
 * </pre>
 */
public final class ScaleOutBenchmark {

    static final String SINK = "s3-sink";
    static final String GENERATOR = "generator";
    static final String ROUTER = "generator+router";
    static final List<String> KINDS = List.of(SINK, GENERATOR, ROUTER);

    static final String SECTION_TITLE = "# ScaleOutBenchmark results: sink and router with 1, 2 and 4 tasks on 1 to 3 workers";
    static final String BEGIN_MARKER = "<!-- ScaleOutBenchmark: generated figures begin -->";
    static final String END_MARKER = "<!-- ScaleOutBenchmark: generated figures end -->";

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 50;
    private static final String TOPIC = "bench-events";

    private ScaleOutBenchmark() {
    }

    /** One cell of the grid. */
    public record Cell(int tasks, int workers) {
        @Override
        public String toString() {
            return "(" + tasks + "," + workers + ")";
        }
    }

    /** What to run. */
    public record Settings(long events, int partitions, List<Cell> grid, boolean warmup, Path results) {

        static final List<Cell> DEFAULT_GRID = List.of(new Cell(1, 1), new Cell(2, 1), new Cell(2, 2), new Cell(4, 2),
                new Cell(4, 3));

        public static Settings defaults() {
            return new Settings(200_000, 8, DEFAULT_GRID, true, null);
        }

        static Settings parse(String[] args) {
            Settings s = defaults();
            long events = s.events;
            int partitions = s.partitions;
            List<Cell> grid = s.grid;
            boolean warmup = s.warmup;
            Path results = s.results;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                switch (kv[0]) {
                    case "--events" -> events = Long.parseLong(value.replace("_", ""));
                    case "--partitions" -> partitions = Integer.parseInt(value);
                    case "--grid" -> grid = parseGrid(value);
                    case "--no-warmup" -> warmup = false;
                    case "--results" -> results = Path.of(value);
                    default -> throw new IllegalArgumentException("Unknown argument " + arg + "; known: --events=N "
                            + "--partitions=P --grid=T:W,T:W,... --no-warmup --results=RESULTS.md");
                }
            }
            return new Settings(events, partitions, grid, warmup, results).check();
        }

        static List<Cell> parseGrid(String text) {
            List<Cell> cells = new ArrayList<>();
            for (String cell : text.split(",")) {
                String[] tw = cell.trim().split(":");
                cells.add(new Cell(Integer.parseInt(tw[0]), Integer.parseInt(tw[1])));
            }
            return List.copyOf(cells);
        }

        Settings check() {
            if (events <= 0 || partitions <= 0 || grid.isEmpty()) {
                throw new IllegalArgumentException("events, partitions and the grid must be positive: " + this);
            }
            if (events % partitions != 0) {
                throw new IllegalArgumentException("events must be a multiple of partitions (flush.size = events / "
                        + "partitions, so every partition commits one batch on its count): " + events + " / "
                        + partitions);
            }
            for (Cell cell : grid) {
                if (cell.tasks <= 0 || cell.workers <= 0 || cell.tasks > partitions) {
                    throw new IllegalArgumentException("A cell needs 1 to partitions tasks and 1 or more workers: "
                            + cell);
                }
            }
            return this;
        }
    }

    /** One pipeline in one cell. */
    public record Run(Cell cell, String kind, boolean warmup, long records, double seconds, double activeSeconds,
                      double cpuSeconds, double gcSeconds, int workersWithTasks, long hot, long cold, long objects) {

        double recordsPerSecond() {
            return records / activeSeconds;
        }

        double recordsPerSecondPerTask() {
            return recordsPerSecond() / cell.tasks;
        }

        double cpuMicrosPerRecord() {
            return cpuSeconds * 1e6 / records;
        }
    }

    /** Everything measured. */
    public record Report(Settings settings, long rawJsonBytes, List<Run> runs, String machine) {

        double meanBytes() {
            return (double) rawJsonBytes / settings.events;
        }

        List<Run> measured(String kind) {
            return runs.stream().filter(r -> !r.warmup && r.kind.equals(kind)).toList();
        }

        Run first(String kind) {
            return measured(kind).get(0);
        }

        /**
         * Per pipeline and cell, records/s and CPU µs per record, for bench/results/scale-out.json; the chart plots
         * them by cell (kind {@code scale-out/<pipeline>/<metric>}, name = the cell).
         */
        List<Figures.Figure> figures() {
            List<Figures.Figure> figures = new ArrayList<>();
            for (String kind : List.of(SINK, GENERATOR, ROUTER)) {
                for (Run r : measured(kind)) {
                    figures.add(new Figures.Figure(r.cell.toString(), r.recordsPerSecond(), "/s", null,
                            "scale-out/" + kind + "/records-per-second"));
                    figures.add(new Figures.Figure(r.cell.toString(), r.cpuMicrosPerRecord(), "µs", null,
                            "scale-out/" + kind + "/cpu-micros-per-record"));
                }
            }
            return figures;
        }

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%,d reference events per run (%.1f MB of JSON, mean %.0f B), "
                            + "%d partitions per topic; %s.%n%n", settings.events, rawJsonBytes / 1e6, meanBytes(),
                    settings.partitions, machine));
            out.append("**All workers, the broker and s3proxy are in one JVM and share the same cores.** Adding tasks or "
                    + "workers adds no CPU, so absolute throughput cannot grow past what these cores do; what the "
                    + "figures can show is how the cost of the work grows with the work: CPU per record should stay "
                    + "flat (no coordination overhead growing with tasks or workers) and records/s should not fall. "
                    + "They cannot show the speed-up of a real multi-host cluster.\n\n");
            out.append("| tasks | workers | workers with tasks | pipeline | s (from creation) | active s | records/s "
                    + "| records/s per task | MB/s JSON | JVM CPU s | CPU µs / record | GC s | hot / cold or objects |\n");
            out.append("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Run r : runs) {
                out.append(String.format(Locale.ROOT,
                        "| %d | %d | %d | %s%s | %.2f | %.2f | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.2f | %s |%n",
                        r.cell.tasks, r.cell.workers, r.workersWithTasks, r.kind, r.warmup ? " (warm-up)" : "",
                        r.seconds, r.activeSeconds, r.recordsPerSecond(), r.recordsPerSecondPerTask(),
                        r.recordsPerSecond() * meanBytes() / 1e6, r.cpuSeconds, r.cpuMicrosPerRecord(), r.gcSeconds,
                        r.kind.equals(SINK) ? r.objects + " objects"
                                : r.kind.equals(ROUTER) ? String.format(Locale.ROOT, "%,d / %,d", r.hot, r.cold)
                                : "–"));
            }
            out.append("\nRelative to the first cell ").append(settings.grid.get(0))
                    .append(" (records/s ×, CPU µs per record ×); the router's own cost = CPU µs / record of "
                            + "generator+router − generator in the same cell:\n\n");
            out.append("| tasks | workers | sink records/s × | sink CPU/record × | generator records/s × "
                    + "| generator CPU/record × | router records/s × | router CPU/record × | router − generator, "
                    + "CPU µs / record |\n");
            out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            List<Run> sink = measured(SINK);
            List<Run> gen = measured(GENERATOR);
            List<Run> router = measured(ROUTER);
            for (int i = 0; i < sink.size() && i < gen.size() && i < router.size(); i++) {
                out.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %+.1f |%n",
                        sink.get(i).cell.tasks, sink.get(i).cell.workers,
                        sink.get(i).recordsPerSecond() / sink.get(0).recordsPerSecond(),
                        sink.get(i).cpuMicrosPerRecord() / sink.get(0).cpuMicrosPerRecord(),
                        gen.get(i).recordsPerSecond() / gen.get(0).recordsPerSecond(),
                        gen.get(i).cpuMicrosPerRecord() / gen.get(0).cpuMicrosPerRecord(),
                        router.get(i).recordsPerSecond() / router.get(0).recordsPerSecond(),
                        router.get(i).cpuMicrosPerRecord() / router.get(0).cpuMicrosPerRecord(),
                        router.get(i).cpuMicrosPerRecord() - gen.get(i).cpuMicrosPerRecord()));
            }
            out.append("\nThe router's own cost by JMH is ~0.2 µs per record (RouterBenchmark, `Map` values); the "
                    + "difference above is that plus the noise of a shared machine, so read it as an upper bound, not "
                    + "a measurement of the router.\n");
            return out.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Report report = run(settings, System.out);
        System.out.println();
        String markdown = report.markdown();
        System.out.println(markdown);
        if (settings.results != null) {
            ResultsSection.publish(settings.results, "ScaleOutBenchmark", "scale-out", SECTION_TITLE, args, markdown,
                    report.machine(), report.figures());
        }
        System.out.flush();
        // The clusters' and s3proxy's non-daemon threads: the shutdown hooks stop them.
        System.exit(0);
    }

    /** Runs the grid, one cluster per run of cells with the same worker count, printing progress to {@code log}. */
    public static Report run(Settings settings, PrintStream log) throws Exception {
        settings.check();
        String machine = SinkThroughputBenchmark.machine();
        log.println("Machine: " + machine);
        log.println("All workers run in this JVM and share its " + Runtime.getRuntime().availableProcessors()
                + " cores with the broker and s3proxy.");
        List<Run> runs = new ArrayList<>();
        long rawBytes = 0;
        boolean warmupDone = !settings.warmup;
        try (S3TestServer s3 = S3TestServer.inMemory()) {
            int i = 0;
            while (i < settings.grid.size()) {
                int workers = settings.grid.get(i).workers;
                int j = i;
                while (j < settings.grid.size() && settings.grid.get(j).workers == workers) {
                    j++;
                }
                try (ConnectTestCluster cluster = ConnectTestCluster.builder()
                        .name("scale-out-" + workers)
                        .workers(workers)
                        .brokerProperty("group.initial.rebalance.delay.ms", "0")
                        .build()
                        .start()) {
                    cluster.createTopic(TOPIC, settings.partitions);
                    long begin = System.nanoTime();
                    rawBytes = produce(cluster, TOPIC, settings.events, settings.partitions);
                    log.printf(Locale.ROOT, "%d worker(s): produced %,d events (%,d bytes of JSON) in %.1f s%n",
                            workers, settings.events, rawBytes, (System.nanoTime() - begin) / 1e9);
                    Map<TopicPartition, Long> end = SinkThroughputBenchmark.endOffsets(cluster.admin(), TOPIC,
                            settings.partitions);
                    if (!warmupDone) {
                        for (String kind : KINDS) {
                            runs.add(logged(log, runOnce(cluster, s3, end, settings, settings.grid.get(i), kind,
                                    true)));
                        }
                        warmupDone = true;
                    }
                    for (Cell cell : settings.grid.subList(i, j)) {
                        for (String kind : KINDS) {
                            runs.add(logged(log, runOnce(cluster, s3, end, settings, cell, kind, false)));
                        }
                    }
                }
                i = j;
            }
        }
        return new Report(settings, rawBytes, runs, machine);
    }

    private static Run logged(PrintStream log, Run r) {
        log.printf(Locale.ROOT, "%s %-17s%s %6.2f s (active %6.2f s)  %,9.0f records/s  %,8.0f /task  %5.1f µs CPU/record"
                        + "  tasks on %d worker(s)%n", r.cell, r.kind, r.warmup ? " warm-up" : "", r.seconds,
                r.activeSeconds, r.recordsPerSecond(), r.recordsPerSecondPerTask(), r.cpuMicrosPerRecord(),
                r.workersWithTasks);
        return r;
    }

    /** Fills the topic: event i of the fixture's generator, round-robin over the partitions. Returns the JSON bytes. */
    static long produce(ConnectTestCluster cluster, String topic, long events, int partitions) throws Exception {
        ReferenceEventGenerator generator = EventFixture.generator();
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // As SinkThroughputBenchmark: no idempotence, one request in flight (keeps the order on a loaded machine).
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                ReferenceEvent event = generator.generate(i);
                byte[] json = converter.fromConnectData(topic, null, event.toMap());
                bytes += json.length;
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), event.eventTimeMillis(),
                        event.userId().getBytes(StandardCharsets.UTF_8), json));
            }
            producer.flush();
            producer.send(new ProducerRecord<>(topic + "-check", new byte[0])).get(60, TimeUnit.SECONDS);
        }
        long total = SinkThroughputBenchmark.endOffsets(cluster.admin(), topic, partitions).values().stream()
                .mapToLong(Long::longValue).sum();
        if (total != events) {
            throw new IllegalStateException("The topic holds " + total + " records, expected " + events);
        }
        return bytes;
    }

    static Map<String, String> sinkConfig(String name, Cell cell, Settings settings, S3TestServer s3, String bucket) {
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
        config.put("name", name);
        config.put("connector.class", "dev.tiered.connect.s3.S3ParquetSinkConnector");
        config.put("topics", TOPIC);
        config.put("tasks.max", Integer.toString(cell.tasks));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", s3.region());
        config.put("store.url", s3.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.credentials.provider", "static");
        config.put("aws.access.key.id", s3.accessKey());
        config.put("aws.secret.access.key", s3.secretKey());
        // One batch per partition, committed on its count.
        config.put("flush.size", Long.toString(settings.events / settings.partitions));
        return config;
    }

    static Map<String, String> generatorConfig(String name, String topic, Cell cell, long events, boolean router) {
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
        config.put("name", name);
        config.put("connector.class", "dev.tiered.connect.datagen.EventGeneratorSourceConnector");
        config.put("tasks.max", Integer.toString(cell.tasks));
        config.put("topic", topic);
        config.put("value.format", "schemaless");
        config.put("events.per.second", "0");
        config.put("max.events", Long.toString(events));
        config.put("seed", Long.toString(EventFixture.SEED));
        config.put("hot.share", Double.toString(EventFixture.HOT_SHARE));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        if (router) {
            config.put("transforms", "route");
            config.put("transforms.route.type", "dev.tiered.connect.transforms.PriorityRouter");
            RoutingRules.priorityRouterConfig(true).forEach((k, v) -> config.put("transforms.route." + k, v));
        }
        return config;
    }

    private static Run runOnce(ConnectTestCluster cluster, S3TestServer s3, Map<TopicPartition, Long> end,
                               Settings settings, Cell cell, String kind, boolean warmup) throws Exception {
        String id = Long.toString(System.nanoTime() & 0xffffff, 36);
        String name = "scale-" + kind.replace('+', '-') + "-" + cell.tasks + "x" + cell.workers + "-" + id;
        long events = settings.events;
        String bucket = null;
        List<String> outputs = List.of();
        Map<String, String> config;
        if (kind.equals(SINK)) {
            bucket = s3.createBucket("scale-" + cell.tasks + "x" + cell.workers);
            config = sinkConfig(name, cell, settings, s3, bucket);
        } else {
            String topic = "gen-" + id;
            boolean router = kind.equals(ROUTER);
            outputs = router ? List.of(topic + RoutingRules.HOT_SUFFIX, topic + RoutingRules.COLD_SUFFIX)
                    : List.of(topic);
            for (String output : outputs) {
                cluster.createTopic(output, settings.partitions);
            }
            config = generatorConfig(name, topic, cell, events, router);
        }
        System.gc();
        long gcBefore = ResultsSection.gcMillis();
        long cpuBefore = ResultsSection.processCpuNanos();
        long start = System.nanoTime();
        cluster.connect().configureConnector(name, config);
        long deadline = start + RUN_TIMEOUT.toNanos();
        long firstProgress = 0;
        long finished;
        long polls = 0;
        int workersWithTasks = 0;
        while (true) {
            long now = System.nanoTime();
            // The sink's own records-written-total moves only when a file is committed: Connect's
            // sink-record-read-total (records the worker gave the task) marks the start instead.
            long progress = kind.equals(SINK) ? sinkRecordsRead(name)
                    : sum(endOffsets(cluster.admin(), outputs, settings.partitions));
            if (firstProgress == 0 && progress > 0) {
                firstProgress = now;
            }
            boolean done = kind.equals(SINK) ? ClusterProbes.committedToEnd(cluster.admin(), "connect-" + name, end)
                    : progress >= events;
            if (done) {
                finished = now;
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException(kind + " " + cell + " not done within " + RUN_TIMEOUT + ": "
                        + cluster.describeConnector(name));
            }
            if (++polls % 20 == 0) {
                workersWithTasks = Math.max(workersWithTasks, checkStatus(cluster, name));
            }
            Thread.sleep(POLL_MILLIS);
        }
        double cpuSeconds = (ResultsSection.processCpuNanos() - cpuBefore) / 1e9;
        double gcSeconds = (ResultsSection.gcMillis() - gcBefore) / 1e3;
        workersWithTasks = Math.max(workersWithTasks, checkStatus(cluster, name));
        if (firstProgress == 0 || firstProgress >= finished) {
            firstProgress = start;
        }
        long hot = 0;
        long cold = 0;
        long objects = 0;
        if (kind.equals(SINK)) {
            long written = (long) SinkThroughputBenchmark.sinkMetric(name, "records-written-total");
            objects = (long) SinkThroughputBenchmark.sinkMetric(name, "objects-written-total");
            cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
            if (written != events) {
                throw new IllegalStateException("The S3 sink reports " + written + " records, expected " + events);
            }
            String emptied = bucket;
            for (S3Object object : s3.list(emptied, "")) {
                s3.client().deleteObject(request -> request.bucket(emptied).key(object.key()));
            }
        } else {
            cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String output : outputs) {
                counts.put(output, sum(endOffsets(cluster.admin(), List.of(output), settings.partitions)));
            }
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            if (total != events) {
                throw new IllegalStateException(kind + " wrote " + total + " records, expected " + events + ": "
                        + counts);
            }
            if (kind.equals(ROUTER)) {
                hot = counts.get(outputs.get(0));
                cold = counts.get(outputs.get(1));
                if (hot <= 0 || cold <= 0) {
                    throw new IllegalStateException("The router sent nothing to one of its topics: " + counts);
                }
            }
        }
        return new Run(cell, kind, warmup, events, (finished - start) / 1e9, (finished - firstProgress) / 1e9,
                cpuSeconds, gcSeconds, workersWithTasks, hot, cold, objects);
    }

    /** Connect's sink-record-read-total summed over the connector's tasks (0 before they register it). */
    private static long sinkRecordsRead(String connector) throws Exception {
        javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (javax.management.ObjectName name : server.queryNames(new javax.management.ObjectName(
                "kafka.connect:type=sink-task-metrics,connector=" + connector + ",*"), null)) {
            Object value = server.getAttribute(name, "sink-record-read-total");
            if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                sum += n.doubleValue();
            }
        }
        return (long) sum;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics, int partitions)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        try {
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> end.put(tp, info.offset()));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return Map.of();
        }
        return end;
    }

    /** Fails on a FAILED connector or task; returns how many distinct workers run its tasks (0 if unknown yet). */
    private static int checkStatus(ConnectTestCluster cluster, String name) {
        ConnectorStateInfo status = ClusterProbes.status(cluster, name);
        ClusterProbes.failIfFailed(name, status);
        if (status == null) {
            return 0;
        }
        Set<String> workers = new TreeSet<>();
        for (var task : status.tasks()) {
            workers.add(task.workerId());
        }
        return workers.size();
    }

    /**
     * Replaces the generated part of this benchmark's section in RESULTS.md (between the markers), keeping what was
     * written around it; appends the section if there is none.
     */
    static void writeResults(Path results, String markdown, String arguments) throws IOException {
        ResultsSection.write(results, SECTION_TITLE, BEGIN_MARKER, END_MARKER, "ScaleOutBenchmark", markdown,
                arguments);
    }


}
