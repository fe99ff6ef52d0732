package dev.tiered.connect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.datagen.ReferenceEvent;
import dev.tiered.connect.datagen.ReferenceEventGenerator;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.FaultInjectingProxy;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * End-to-end throughput of the S3 Parquet sink against a no-op sink ({@link NoOpSinkConnector}, Connect's floor) in the
 * same embedded Kafka + Connect cluster ({@link ConnectTestCluster}, in this JVM) and the same run, writing to an
 * in-memory s3proxy ({@link S3TestServer}), on the pack's reference events. Not JMH: one run is a whole connector
 * draining a pre-filled topic.
 *
 * <p>The topic ({@code --partitions}, default 3) is filled once with {@code --events} (default 300,000) reference events
 * of {@link EventFixture#generator()} (seed 42, task 0; event {@code i} is {@code generate(i)}) as schemaless JSON
 * (JsonConverter, {@code schemas.enable=false}: the bytes a worker's JsonConverter reads back as the same {@code Map}),
 * keyed by {@code user_id}, spread round-robin so every partition holds the same number of records. Then, for each
 * of {@code --warmup-rounds} (default 1: listed, but left out of the medians, since the first connectors run while the
 * JIT compiles) and then {@code --rounds} rounds (default 3), each with a new connector name (so a new consumer group reading from the
 * start) and {@code tasks.max} = partitions, in this order:
 * <ol>
 *   <li>{@code noop}: the no-op sink;</li>
 *   <li>{@code s3-default}: the S3 sink at its defaults, except what the test environment needs (bucket, region,
 *       {@code store.url}, path-style access, static credentials). By default every partition holds a whole number
 *       of {@code flush.size} (100,000) batches (checked), so every batch commits on its record count and
 *       {@code rotate.schedule.interval.ms} keeps its default (10 minutes); other sizes need {@code --schedule-ms}
 *       (e.g. 5,000), which commits a partition's tail within the run but also cuts batches short when a batch
 *       takes longer than that to fill;</li>
 *   <li>{@code s3-seeds} (unless {@code --no-seeds-layout}): the same plus the seeds' layout ({@code time_field}
 *       partitioner, {@code 'processing_date'=YYYY-MM-dd}, {@code event_type} directories, time from
 *       {@code event_time}).</li>
 *   <li>{@code iceberg}: Apache Iceberg's Kafka Connect sink 1.12.0, installed as a Connect plugin directory (built by
 *       the {@code bench/iceberg-plugin} module, loaded through {@code plugin.path} in its own class loader: its
 *       parquet 1.17 / Jackson 2.22 never meet ours), writing one unpartitioned table {@code bench.events} through a
 *       JdbcCatalog in a database of its own on the embedded PostgreSQL and S3FileIO to the same s3proxy, with
 *       {@code auto-create} and {@code evolve-schema} on (so it keeps every event type's columns, as ours does), snappy
 *       (our default; Iceberg's is zstd) and a commit every {@code --iceberg-commit-ms} (default 5,000). Its time ends
 *       when the table's current snapshot (read through the catalog: {@code total-records}) holds every record.</li>
 * </ol>
 * {@code --peers=noop,s3,iceberg} (the default: all) picks the runs; {@code s3} stands for both S3 layouts.
 * Both our sink and Iceberg's reach s3proxy through a pass-through {@link FaultInjectingProxy}, which counts their
 * requests by kind (method, GET of a bucket = LIST): Iceberg has no request metrics, so its PUT-class count is the
 * proxy's PUT + POST + LIST.
 * A run's time is from the connector's creation until its consumer group's committed offsets reach the end of every
 * partition (polled every 50 ms); the S3 sink commits offsets only for records in committed objects, so this is "all
 * records in S3". The S3 figures are the sink's own KIP-877 metrics (JMX, summed over tasks) read before the
 * connector is deleted, cross-checked with a listing of the bucket. Each S3 run gets its own bucket, emptied after it
 * is measured.
 *
 * <pre>
 * mvn -o -q -pl bench -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/bench.cp
 * java -Xmx4g -cp bench/target/test-classes:bench/target/classes:$(cat /tmp/bench.cp) \
 *     dev.tiered.connect.bench.SinkThroughputBenchmark --events=300000 --partitions=3 --rounds=3
 * </pre>
 */
public final class SinkThroughputBenchmark {

    static final String NOOP = "noop";
    static final String SECTION_TITLE = "# SinkThroughputBenchmark results: the S3 sink end to end against a no-op sink";
    static final String S3_DEFAULT = "s3-default";
    static final String S3_SEEDS = "s3-seeds";
    /** Apache Iceberg's Kafka Connect sink (a plugin directory, see {@link #icebergPluginPath()}). */
    static final String ICEBERG = "iceberg";
    /** The peers {@code --peers} can name: {@code s3} stands for {@code s3-default} and {@code s3-seeds}. */
    static final List<String> PEERS = List.of(NOOP, "s3", ICEBERG);

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final long POLL_MILLIS = 50;
    /** The sink's default flush.size. */
    static final long FLUSH_SIZE_DEFAULT = 100_000;

    private SinkThroughputBenchmark() {
    }

    /** What to run. */
    public record Settings(long events, int partitions, int rounds, boolean seedsLayout, int workers, long scheduleMs,
                           int warmupRounds, List<String> peers, long icebergCommitMs) {
        /** Without Iceberg (the harness as it was before the Iceberg peer). */
        public Settings(long events, int partitions, int rounds, boolean seedsLayout, int workers, long scheduleMs,
                        int warmupRounds) {
            this(events, partitions, rounds, seedsLayout, workers, scheduleMs, warmupRounds, List.of(NOOP, "s3"),
                    5_000);
        }

        public static Settings defaults() {
            return new Settings(300_000, 3, 3, true, 1, 0, 1, PEERS, 5_000);
        }

        /** The runs of one round, in order. */
        List<String> kinds() {
            List<String> kinds = new ArrayList<>();
            if (peers.contains(NOOP)) {
                kinds.add(NOOP);
            }
            if (peers.contains("s3")) {
                kinds.add(S3_DEFAULT);
                if (seedsLayout) {
                    kinds.add(S3_SEEDS);
                }
            }
            if (peers.contains(ICEBERG)) {
                kinds.add(ICEBERG);
            }
            return kinds;
        }

        static Settings parse(String[] args) {
            Settings s = defaults();
            long events = s.events;
            int partitions = s.partitions;
            int rounds = s.rounds;
            boolean seeds = s.seedsLayout;
            int workers = s.workers;
            long schedule = s.scheduleMs;
            int warmup = s.warmupRounds;
            List<String> peers = s.peers;
            long icebergCommit = s.icebergCommitMs;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                switch (kv[0]) {
                    case "--events" -> events = Long.parseLong(value.replace("_", ""));
                    case "--partitions" -> partitions = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--workers" -> workers = Integer.parseInt(value);
                    case "--schedule-ms" -> schedule = Long.parseLong(value);
                    case "--no-seeds-layout" -> seeds = false;
                    case "--warmup-rounds" -> warmup = Integer.parseInt(value);
                    case "--peers" -> peers = List.of(value.split(","));
                    case "--iceberg-commit-ms" -> icebergCommit = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("Unknown argument " + arg + "; known: --events=N "
                            + "--partitions=P --rounds=R --warmup-rounds=W --workers=W --schedule-ms=MS --no-seeds-layout "
                            + "--peers=noop,s3,iceberg --iceberg-commit-ms=MS (and --results=RESULTS.md)");
                }
            }
            return new Settings(events, partitions, rounds, seeds, workers, schedule, warmup, peers, icebergCommit);
        }

        /** Validated: without a schedule, every partition must end on a full batch, or its tail waits 10 minutes. */
        Settings check() {
            if (events <= 0 || partitions <= 0 || rounds <= 0 || workers <= 0 || warmupRounds < 0) {
                throw new IllegalArgumentException("events, partitions, rounds and workers must be positive: " + this);
            }
            if (peers.isEmpty() || !PEERS.containsAll(peers)) {
                throw new IllegalArgumentException("--peers must name some of " + PEERS + ": " + peers);
            }
            if (peers.contains("s3") && scheduleMs <= 0
                    && (events % partitions != 0 || (events / partitions) % FLUSH_SIZE_DEFAULT != 0)) {
                throw new IllegalArgumentException("With the sink's default rotate.schedule.interval.ms (10 minutes), "
                        + "events / partitions must be a multiple of flush.size (" + FLUSH_SIZE_DEFAULT + "), so that "
                        + "no tail waits for the schedule: " + events + " / " + partitions
                        + "; or set --schedule-ms (e.g. 5000)");
            }
            return this;
        }
    }

    /** One connector draining the topic. S3 fields are 0 for the no-op sink. */
    public record Run(String kind, int round, String connector, long records, double seconds,
                      double secondsToLastRecord, long putRequests, long listRequests, long getRequests,
                      long failedRequests, long objects, long storedBytes, long listedObjects, long listedBytes,
                      long markers, long sinkMemoryPeakBytes, long peakHeapBytes, double cpuSeconds,
                      double gcSeconds, Map<String, Long> proxyRequests, long metadataBytes) {

        double recordsPerSecond() {
            return records / seconds;
        }

        /** PUT-class requests as AWS bills them: PUT, multipart, COPY and LIST. */
        long putClassRequests() {
            return putRequests + listRequests;
        }

        double putClassPer10k() {
            return putClassRequests() * 10_000.0 / records;
        }

        double cpuMicrosPerRecord() {
            return cpuSeconds * 1e6 / records;
        }
    }

    /** Everything measured, with the medians the goals are judged on. */
    public record Report(Settings settings, long events, long rawJsonBytes, List<Run> runs, String machine) {

        List<Run> of(String kind) {
            return runs.stream().filter(r -> r.kind.equals(kind) && r.round > 0).toList();
        }

        double median(String kind, ToDoubleFunction<Run> f) {
            double[] values = of(kind).stream().mapToDouble(f).sorted().toArray();
            if (values.length == 0) {
                return Double.NaN;
            }
            int m = values.length / 2;
            return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
        }

        /** Median records/s of {@code kind} over the median records/s of the no-op sink. */
        double ratio(String kind) {
            return median(kind, Run::recordsPerSecond) / median(NOOP, Run::recordsPerSecond);
        }

        /** Per round, records/s of {@code kind} over the no-op sink's in the same round; their median. */
        double medianRoundRatio(String kind) {
            return medianRoundRatio(kind, NOOP);
        }

        /** Per round, records/s of {@code kind} over {@code base}'s in the same round; their median. */
        double medianRoundRatio(String kind, String base) {
            List<Run> noop = of(base);
            List<Run> other = of(kind);
            double[] ratios = new double[Math.min(noop.size(), other.size())];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = other.get(i).recordsPerSecond() / noop.get(i).recordsPerSecond();
            }
            Arrays.sort(ratios);
            if (ratios.length == 0) {
                return Double.NaN;
            }
            int m = ratios.length / 2;
            return ratios.length % 2 == 1 ? ratios[m] : (ratios[m - 1] + ratios[m]) / 2;
        }

        double storedShare(String kind) {
            return median(kind, Run::storedBytes) / rawJsonBytes;
        }

        /** The headline figures for bench/results/sink.json, judged against issue 7's goals. */
        List<Figures.Figure> figures() {
            List<Figures.Figure> figures = new ArrayList<>();
            if (!of(S3_DEFAULT).isEmpty()) {
                double rps = median(S3_DEFAULT, Run::recordsPerSecond);
                if (!of(NOOP).isEmpty()) {
                    figures.add(Figures.Figure.goal("S3 sink ÷ no-op sink, records/s", medianRoundRatio(S3_DEFAULT),
                            "×", ">= 0.85"));
                }
                if (!of(ICEBERG).isEmpty()) {
                    figures.add(Figures.Figure.goal("S3 sink ÷ Iceberg sink, records/s",
                            medianRoundRatio(S3_DEFAULT, ICEBERG), "×", ">= 2"));
                }
                figures.add(Figures.Figure.goal("S3 sink PUT-class requests per 10,000 records",
                        median(S3_DEFAULT, Run::putClassPer10k), "", "<= 1"));
                figures.add(Figures.Figure.goal("S3 sink stored bytes as a share of raw JSON",
                        100 * storedShare(S3_DEFAULT), "%", "<= 15"));
                figures.add(Figures.Figure.context("S3 sink records/s per task", rps / settings.partitions, "/s"));
                figures.add(Figures.Figure.context("S3 sink MB/s of JSON per task",
                        rps * rawJsonBytes / events / 1e6 / settings.partitions, "MB/s"));
                figures.add(Figures.Figure.context("S3 sink CPU per record", median(S3_DEFAULT,
                        Run::cpuMicrosPerRecord), "µs"));
                figures.add(Figures.Figure.context("S3 sink peak heap (whole worker JVM)",
                        median(S3_DEFAULT, Run::peakHeapBytes) / 1e6, "MB"));
            }
            if (!of(NOOP).isEmpty()) {
                figures.add(Figures.Figure.context("No-op sink CPU per record", median(NOOP, Run::cpuMicrosPerRecord),
                        "µs"));
            }
            if (!of(ICEBERG).isEmpty()) {
                figures.add(Figures.Figure.context("Iceberg sink PUT-class requests per 10,000 records",
                        median(ICEBERG, Run::putClassPer10k), ""));
                figures.add(Figures.Figure.context("Iceberg sink stored bytes as a share of raw JSON",
                        100 * storedShare(ICEBERG), "%"));
            }
            return figures;
        }

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%,d reference events, %,d bytes of JSON (%.1f MB, mean %.0f B), "
                            + "%d partitions, tasks.max=%d, %d worker(s), %d round(s), rotate.schedule.interval.ms=%s; "
                            + "%s%n%n", events, rawJsonBytes,
                    rawJsonBytes / 1e6, (double) rawJsonBytes / events, settings.partitions, settings.partitions,
                    settings.workers, settings.rounds,
                    settings.scheduleMs > 0 ? Long.toString(settings.scheduleMs) : "600000 (default)", machine));
            out.append("| Round | Sink | s | records/s | MB/s JSON | s to last record | PUT-class (PUT+LIST) | GET-class "
                    + "| objects | stored bytes | stored / JSON | JVM CPU s | CPU µs / record | GC s | peak heap MB "
                    + "| sink memory peak MB |\n");
            out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Run r : runs) {
                boolean s3 = !r.kind.equals(NOOP);
                boolean ours = s3 && !r.kind.equals(ICEBERG);
                out.append(String.format(Locale.ROOT,
                        "| %s | %s | %.2f | %,.0f | %.1f | %.2f | %s | %s | %s | %s | %s | %.1f | %.1f | %.2f | %,.0f | %s |%n",
                        r.round > 0 ? Integer.toString(r.round) : "warm-up", r.kind, r.seconds, r.recordsPerSecond(), rawJsonBytes / 1e6 / r.seconds,
                        r.secondsToLastRecord,
                        s3 ? r.putRequests + "+" + r.listRequests : "–",
                        s3 ? Long.toString(r.getRequests) : "–",
                        s3 ? Long.toString(r.objects) : "–",
                        s3 ? String.format(Locale.ROOT, "%,d", r.storedBytes) : "–",
                        s3 ? String.format(Locale.ROOT, "%.1f%%", 100.0 * r.storedBytes / rawJsonBytes) : "–",
                        r.cpuSeconds, r.cpuMicrosPerRecord(), r.gcSeconds, r.peakHeapBytes / 1e6,
                        ours ? String.format(Locale.ROOT, "%.1f", r.sinkMemoryPeakBytes / 1e6) : "–"));
            }
            out.append("\nMedians of the measured rounds (warm-up excluded):\n\n| Sink | records/s | MB/s JSON | ÷ no-op (medians) | ÷ no-op (median of rounds) "
                    + "| PUT-class / 10k records | PUT-class / 1M records | objects | avg object | stored / JSON "
                    + "| CPU µs / record |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String kind : List.of(NOOP, S3_DEFAULT, S3_SEEDS, ICEBERG)) {
                if (of(kind).isEmpty()) {
                    continue;
                }
                boolean s3 = !kind.equals(NOOP);
                double rps = median(kind, Run::recordsPerSecond);
                double objects = median(kind, Run::objects);
                out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %s | %s | %s | %s | %s | %s | %s | %.1f |%n",
                        kind, rps, rps * rawJsonBytes / events / 1e6,
                        s3 ? String.format(Locale.ROOT, "%.2f", ratio(kind)) : "1",
                        s3 ? String.format(Locale.ROOT, "%.2f", medianRoundRatio(kind)) : "1",
                        s3 ? String.format(Locale.ROOT, "%.2f", median(kind, Run::putClassPer10k)) : "–",
                        s3 ? String.format(Locale.ROOT, "%.0f", median(kind, Run::putClassPer10k) * 100) : "–",
                        s3 ? String.format(Locale.ROOT, "%.0f", objects) : "–",
                        s3 ? String.format(Locale.ROOT, "%,.0f B", median(kind, Run::storedBytes) / objects) : "–",
                        s3 ? String.format(Locale.ROOT, "%.1f%%", 100 * storedShare(kind)) : "–",
                        median(kind, Run::cpuMicrosPerRecord)));
            }
            if (!of(ICEBERG).isEmpty()) {
                out.append("\nIceberg: objects = its data files; its metadata files (metadata JSON, manifest lists, "
                        + "manifests) are counted in PUT-class but not in objects or stored bytes. PUT-class requests "
                        + "counted at a pass-through proxy in front of s3proxy, for every S3 sink:\n\n"
                        + "| Round | Sink | S3 requests by kind (proxy) | metadata objects | metadata bytes |\n"
                        + "|---:|---|---|---:|---:|\n");
                for (Run r : runs) {
                    if (!r.kind.equals(NOOP)) {
                        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n",
                                r.round > 0 ? Integer.toString(r.round) : "warm-up", r.kind, r.proxyRequests,
                                r.kind.equals(ICEBERG) ? Long.toString(r.markers) : "–",
                                r.kind.equals(ICEBERG) ? String.format(Locale.ROOT, "%,d", r.metadataBytes) : "–"));
                    }
                }
                for (String kind : List.of(S3_DEFAULT, S3_SEEDS)) {
                    if (!of(kind).isEmpty()) {
                        out.append(String.format(Locale.ROOT, "%n%s ÷ iceberg, records/s: %.2f (medians), %.2f "
                                        + "(median of per-round ratios)%n", kind,
                                median(kind, Run::recordsPerSecond) / median(ICEBERG, Run::recordsPerSecond),
                                medianRoundRatio(kind, ICEBERG)));
                    }
                }
            }
            return out.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        Path results = null;
        List<String> settingsArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--results=")) {
                results = Path.of(arg.substring("--results=".length()));
            } else {
                settingsArgs.add(arg);
            }
        }
        Settings settings = Settings.parse(settingsArgs.toArray(String[]::new));
        Report report = run(settings, System.out);
        System.out.println();
        String markdown = report.markdown();
        System.out.println(markdown);
        if (results != null) {
            ResultsSection.publish(results, "SinkThroughputBenchmark", "sink", SECTION_TITLE, args, markdown,
                    report.machine(), report.figures());
        }
        System.out.flush();
        // The cluster's and s3proxy's non-daemon threads: the shutdown hooks stop them.
        System.exit(0);
    }

    /** Runs the benchmark on a cluster and an S3 server of its own, printing progress to {@code log}. */
    public static Report run(Settings settings, java.io.PrintStream log) throws Exception {
        settings.check();
        String machine = machine();
        log.println("Machine: " + machine);
        ConnectTestCluster.Builder builder = ConnectTestCluster.builder()
                .name("sink-bench")
                .workers(settings.workers)
                // The same for every sink: no 3 s wait before a new consumer group's first assignment.
                .brokerProperty("group.initial.rebalance.delay.ms", "0");
        if (settings.peers.contains(ICEBERG)) {
            builder.pluginPath(icebergPluginPath());
        }
        try (ConnectTestCluster cluster = builder.build().start();
             S3TestServer s3 = S3TestServer.inMemory();
             // Every S3 sink talks to s3proxy through this pass-through proxy, which counts their requests by kind.
             FaultInjectingProxy proxy = FaultInjectingProxy.to(s3.endpoint()).start()) {
            String topic = "bench-events";
            cluster.createTopic(topic, settings.partitions);
            long begin = System.nanoTime();
            long rawBytes = produce(cluster, topic, settings);
            log.printf(Locale.ROOT, "Produced %,d events (%,d bytes of JSON) in %.1f s%n", settings.events, rawBytes,
                    (System.nanoTime() - begin) / 1e9);
            Map<TopicPartition, Long> end = endOffsets(cluster.admin(), topic, settings.partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            if (total != settings.events) {
                throw new IllegalStateException("The topic holds " + total + " records, expected " + settings.events);
            }

            List<Run> runs = new ArrayList<>();
            for (int round = 1 - settings.warmupRounds; round <= settings.rounds; round++) {
                for (String kind : settings.kinds()) {
                    Run run = kind.equals(ICEBERG) ? runIceberg(cluster, s3, proxy, topic, settings, round)
                            : runOnce(cluster, s3, proxy, topic, end, settings, kind, round);
                    runs.add(run);
                    log.printf(Locale.ROOT, "round %2d %-10s %6.2f s  %,9.0f records/s  %s%n", round, kind,
                            run.seconds, run.recordsPerSecond(), kind.equals(NOOP) ? ""
                                    : String.format(Locale.ROOT, "%d PUT + %d LIST, %d objects, %,d bytes (%.1f%%), "
                                            + "proxy %s", run.putRequests, run.listRequests, run.objects,
                                    run.storedBytes, 100.0 * run.storedBytes / rawBytes, run.proxyRequests));
                }
            }
            return new Report(settings, total, rawBytes, runs, machine);
        }
    }

    /** Fills the topic: event i of the fixture's generator, round-robin over the partitions. Returns the JSON bytes. */
    static long produce(ConnectTestCluster cluster, String topic, Settings settings) throws Exception {
        ReferenceEventGenerator generator = EventFixture.generator();
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Seen on a loaded CI machine: the idempotent producer restarted a partition's sequence at 0 and retried
        // OUT_OF_ORDER_SEQUENCE_NUMBER forever. One request in flight keeps the order without it.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < settings.events; i++) {
                ReferenceEvent event = generator.generate(i);
                byte[] json = converter.fromConnectData(topic, null, event.toMap());
                bytes += json.length;
                producer.send(new ProducerRecord<>(topic, (int) (i % settings.partitions), event.eventTimeMillis(),
                        event.userId().getBytes(StandardCharsets.UTF_8), json));
            }
            producer.flush();
            // Surface a failed send (the callbacks are not checked one by one).
            producer.send(new ProducerRecord<>(topic + "-check", new byte[0])).get(60, TimeUnit.SECONDS);
        }
        return bytes;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get().entrySet()) {
            end.put(e.getKey(), e.getValue().offset());
        }
        return end;
    }

    static Map<String, String> connectorConfig(String kind, String name, String topic, int tasks, S3TestServer s3,
                                               FaultInjectingProxy proxy, String bucket, long scheduleMs) {
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
        config.put("name", name);
        config.put("topics", topic);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        if (kind.equals(NOOP)) {
            config.put("connector.class", NoOpSinkConnector.class.getName());
            return config;
        }
        config.put("connector.class", "dev.tiered.connect.s3.S3ParquetSinkConnector");
        // What the test environment needs; everything else at the sink's defaults.
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", s3.region());
        config.put("store.url", proxy.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.credentials.provider", "static");
        config.put("aws.access.key.id", s3.accessKey());
        config.put("aws.secret.access.key", s3.secretKey());
        if (scheduleMs > 0) {
            // Default 600000: a tail below flush.size (a partition's last, partial batch) must commit within the run.
            config.put("rotate.schedule.interval.ms", Long.toString(scheduleMs));
        }
        if (kind.equals(S3_SEEDS)) {
            config.put("partitioner.class", "time_field");
            config.put("path.format", "'processing_date'=YYYY-MM-dd");
            config.put("partition.field.name", "event_type");
            config.put("timestamp.extractor", "RecordField");
            config.put("timestamp.field", "event_time");
        }
        return config;
    }

    private static Run runOnce(ConnectTestCluster cluster, S3TestServer s3, FaultInjectingProxy proxy, String topic,
                               Map<TopicPartition, Long> end, Settings settings, String kind, int round)
            throws Exception {
        String name = "bench-" + kind + "-" + round + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        String bucket = kind.equals(NOOP) ? null : s3.createBucket("bench-" + kind);
        Map<String, String> config = connectorConfig(kind, name, topic, settings.partitions, s3, proxy, bucket,
                settings.scheduleMs);
        Map<String, Long> requestsBefore = proxy.requestsByKind();
        long events = settings.events;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long gcBefore = gcMillis();
        long cpuBefore = processCpuNanos();
        long peakHeap = 0;
        long sinkMemoryPeak = 0;
        long lastRecordNanos = 0;

        long start = System.nanoTime();
        cluster.connect().configureConnector(name, config);
        long deadline = start + RUN_TIMEOUT.toNanos();
        long finished;
        long polls = 0;
        while (true) {
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            if (!kind.equals(NOOP)) {
                sinkMemoryPeak = Math.max(sinkMemoryPeak, (long) sinkMetric(name, "memory-used-bytes"));
            }
            long now = System.nanoTime();
            if (lastRecordNanos == 0) {
                long seen = kind.equals(NOOP) ? NoOpSinkConnector.counts(name).records.sum()
                        : (long) sinkMetric(name, "records-written-total");
                if (seen >= events) {
                    lastRecordNanos = kind.equals(NOOP) ? NoOpSinkConnector.counts(name).lastNanos.get() : now;
                }
            }
            if (ClusterProbes.committedToEnd(cluster.admin(), "connect-" + name, end)) {
                finished = now;
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException(kind + " did not commit to the end within " + RUN_TIMEOUT + ": "
                        + cluster.describeConnector(name));
            }
            if (++polls % 20 == 0) {
                ClusterProbes.failIfFailed(cluster, name);
            }
            Thread.sleep(POLL_MILLIS);
        }
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        double gcSeconds = (gcMillis() - gcBefore) / 1e3;
        if (lastRecordNanos == 0) {
            lastRecordNanos = finished;
        }

        Run run;
        if (kind.equals(NOOP)) {
            long counted = NoOpSinkConnector.counts(name).records.sum();
            cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
            NoOpSinkConnector.forget(name);
            if (counted < events) {
                throw new IllegalStateException("The no-op sink was given " + counted + " records, expected " + events);
            }
            run = new Run(kind, round, name, events, (finished - start) / 1e9, (lastRecordNanos - start) / 1e9,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, peakHeap, cpuSeconds, gcSeconds, Map.of(), 0);
        } else {
            long written = (long) sinkMetric(name, "records-written-total");
            long put = (long) sinkMetric(name, "s3-put-requests-total");
            long list = (long) sinkMetric(name, "s3-list-requests-total");
            long get = (long) sinkMetric(name, "s3-get-requests-total");
            long failed = (long) sinkMetric(name, "s3-failed-requests-total");
            long objects = (long) sinkMetric(name, "objects-written-total");
            // Sampled: memory-peak-bytes only moves once memory.budget.bytes was exceeded (in the sink as installed).
            long memoryPeak = Math.max(sinkMemoryPeak, (long) sinkMetric(name, "memory-peak-bytes"));
            double avgSize = sinkMetricAverage(name, "object-size-avg-bytes", "objects-written-total");
            long storedBytes = Math.round(avgSize * objects);
            cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
            if (written != events) {
                throw new IllegalStateException("The S3 sink reports " + written + " records written, expected "
                        + events);
            }
            List<S3Object> listed = s3.list(bucket, "");
            long dataObjects = 0;
            long dataBytes = 0;
            long markers = 0;
            for (S3Object object : listed) {
                if (object.key().contains("/_tiered/")) {
                    markers++;
                } else if (object.key().endsWith(".parquet")) {
                    dataObjects++;
                    dataBytes += object.size();
                }
            }
            if (dataObjects != objects) {
                throw new IllegalStateException("The sink reports " + objects + " objects, the bucket holds "
                        + dataObjects);
            }
            for (S3Object object : listed) {
                s3.client().deleteObject(request -> request.bucket(bucket).key(object.key()));
            }
            run = new Run(kind, round, name, events, (finished - start) / 1e9, (lastRecordNanos - start) / 1e9,
                    put, list, get, failed, objects, dataBytes, dataObjects, dataBytes, markers, memoryPeak,
                    peakHeap, cpuSeconds, gcSeconds, minus(proxy.requestsByKind(), requestsBefore), 0);
            if (Math.abs(storedBytes - dataBytes) > objects) {
                throw new IllegalStateException("The sink reports " + storedBytes + " bytes in objects, the bucket "
                        + "holds " + dataBytes);
            }
        }
        return run;
    }

    /** Requests by kind between two snapshots of the proxy's counters. */
    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((kind, count) -> {
            long n = count - before.getOrDefault(kind, 0L);
            if (n != 0) {
                out.put(kind, n);
            }
        });
        return out;
    }

    /** The directory the Iceberg plugin module's build copied the sink into (bench/iceberg-plugin/target/plugin). */
    static Path icebergPluginPath() throws URISyntaxException {
        Path classes = Path.of(SinkThroughputBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path plugins = classes.getParent().getParent().resolve("iceberg-plugin").resolve("target").resolve("plugin");
        if (!Files.isDirectory(plugins.resolve("iceberg-kafka-connect"))) {
            throw new IllegalStateException("No Iceberg plugin directory at " + plugins + ": build the reactor with -am "
                    + "(module bench/iceberg-plugin copies Iceberg's sink there at generate-resources)");
        }
        return plugins;
    }

    /**
     * Apache Iceberg's sink on the same topic: a JdbcCatalog in a database of its own on the embedded PostgreSQL, its
     * warehouse in a bucket of its own through the counting proxy, a control topic of its own. Its time is from the
     * connector's creation until the table's current snapshot (read through the catalog) holds every record.
     */
    private static Run runIceberg(ConnectTestCluster cluster, S3TestServer s3, FaultInjectingProxy proxy, String topic,
                                  Settings settings, int round) throws Exception {
        String name = "bench-iceberg-" + round + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        String bucket = s3.createBucket("bench-iceberg");
        PostgresTestServer pg = PostgresTestServer.shared();
        String db = pg.createDatabase("iceberg_catalog");
        // The catalog's tables (Iceberg 1.12's JdbcUtil DDL, schema V0) and the namespace, made before the tasks
        // start: each of the 3 tasks initialises the catalog and auto-creates the namespace, and they race (seen:
        // "duplicate key value violates unique constraint iceberg_namespace_properties_pkey" failing a task).
        pg.execute(db, "CREATE TABLE iceberg_tables(catalog_name VARCHAR(255) NOT NULL,table_namespace VARCHAR(255) "
                        + "NOT NULL,table_name VARCHAR(255) NOT NULL,metadata_location VARCHAR(1000),"
                        + "previous_metadata_location VARCHAR(1000),PRIMARY KEY (catalog_name, table_namespace, "
                        + "table_name))",
                "CREATE TABLE iceberg_namespace_properties(catalog_name VARCHAR(255) NOT NULL,namespace VARCHAR(255) "
                        + "NOT NULL,property_key VARCHAR(255),property_value VARCHAR(1000),PRIMARY KEY (catalog_name, "
                        + "namespace, property_key))",
                "INSERT INTO iceberg_namespace_properties VALUES ('iceberg', 'bench', 'exists', 'true')");
        String control = "iceberg-control-" + name;
        cluster.createTopic(control, 1);
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
        config.put("name", name);
        config.put("topics", topic);
        config.put("tasks.max", Integer.toString(settings.partitions));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("connector.class", "org.apache.iceberg.connect.IcebergSinkConnector");
        config.put("iceberg.tables", "bench.events");
        config.put("iceberg.tables.auto-create-enabled", "true");
        // Without it, the columns of event types not in the first records would be dropped: ours keeps them all.
        config.put("iceberg.tables.evolve-schema-enabled", "true");
        // Our sink's default codec (Iceberg's default is zstd).
        config.put("iceberg.tables.auto-create-props.write.parquet.compression-codec", "snappy");
        config.put("iceberg.control.topic", control);
        config.put("iceberg.control.commit.interval-ms", Long.toString(settings.icebergCommitMs));
        config.put("iceberg.kafka.bootstrap.servers", cluster.bootstrapServers());
        config.put("iceberg.catalog.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        config.put("iceberg.catalog.uri", pg.jdbcUrl(db));
        config.put("iceberg.catalog.jdbc.schema-version", "V0");
        config.put("iceberg.catalog.jdbc.user", pg.user());
        config.put("iceberg.catalog.jdbc.password", pg.password());
        config.put("iceberg.catalog.warehouse", "s3://" + bucket + "/");
        config.put("iceberg.catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        config.put("iceberg.catalog.s3.endpoint", proxy.endpoint().toString());
        config.put("iceberg.catalog.s3.path-style-access", "true");
        config.put("iceberg.catalog.s3.access-key-id", s3.accessKey());
        config.put("iceberg.catalog.s3.secret-access-key", s3.secretKey());
        config.put("iceberg.catalog.client.region", s3.region());
        Map<String, Long> requestsBefore = proxy.requestsByKind();
        long events = settings.events;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long gcBefore = gcMillis();
        long cpuBefore = processCpuNanos();
        long peakHeap = 0;
        long committed = 0;
        long finished;
        long polls = 0;
        try (java.sql.Connection catalog = pg.connect(db)) {
            IcebergTableReader table = new IcebergTableReader(catalog, s3, bucket);
            long start = System.nanoTime();
            cluster.connect().configureConnector(name, config);
            long deadline = start + RUN_TIMEOUT.toNanos();
            while (true) {
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                long now = System.nanoTime();
                if (polls % 4 == 0) {
                    committed = table.totalRecords();
                    if (committed >= events) {
                        finished = now;
                        break;
                    }
                }
                if (now > deadline) {
                    throw new IllegalStateException("iceberg did not commit every record within " + RUN_TIMEOUT
                            + " (" + committed + "): " + cluster.describeConnector(name));
                }
                if (++polls % 20 == 0) {
                    ClusterProbes.failIfFailed(cluster, name);
                }
                Thread.sleep(POLL_MILLIS);
            }
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            double gcSeconds = (gcMillis() - gcBefore) / 1e3;
            Map<String, Long> requests = minus(proxy.requestsByKind(), requestsBefore);
            cluster.deleteConnectorAndAwait(name, Duration.ofSeconds(60));
            if (committed != events) {
                throw new IllegalStateException("Iceberg's table holds " + committed + " records, expected " + events);
            }
            long dataObjects = 0;
            long dataBytes = 0;
            long metadataObjects = 0;
            long metadataBytes = 0;
            List<S3Object> listed = s3.list(bucket, "");
            for (S3Object object : listed) {
                if (object.key().contains("/data/") && object.key().endsWith(".parquet")) {
                    dataObjects++;
                    dataBytes += object.size();
                } else {
                    metadataObjects++;
                    metadataBytes += object.size();
                }
            }
            for (S3Object object : listed) {
                s3.client().deleteObject(request -> request.bucket(bucket).key(object.key()));
            }
            long put = requests.getOrDefault("PUT", 0L) + requests.getOrDefault("POST", 0L);
            long list = requests.getOrDefault("LIST", 0L);
            long get = requests.getOrDefault("GET", 0L) + requests.getOrDefault("HEAD", 0L);
            return new Run(ICEBERG, round, name, events, (finished - start) / 1e9, (finished - start) / 1e9, put,
                    list, get, 0, dataObjects, dataBytes, dataObjects + metadataObjects, dataBytes + metadataBytes,
                    metadataObjects, 0, peakHeap, cpuSeconds, gcSeconds, requests, metadataBytes);
        } finally {
            try {
                pg.dropDatabase(db);
            } catch (RuntimeException e) {
                // the catalog's connections may linger a moment; the database is left behind then
            }
        }
    }

    /** The {@code total-records} of the current snapshot of {@code bench.events}, read through the JdbcCatalog. */
    static final class IcebergTableReader {
        private final java.sql.Connection catalog;
        private final S3TestServer s3;
        private final String bucket;
        private final ObjectMapper json = new ObjectMapper();
        private String location;
        private long records;

        IcebergTableReader(java.sql.Connection catalog, S3TestServer s3, String bucket) {
            this.catalog = catalog;
            this.s3 = s3;
            this.bucket = bucket;
        }

        long totalRecords() throws Exception {
            String current;
            try (var statement = catalog.prepareStatement("SELECT metadata_location FROM iceberg_tables "
                    + "WHERE table_namespace = 'bench' AND table_name = 'events'");
                 var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return 0;
                }
                current = rows.getString(1);
            } catch (java.sql.SQLException e) {
                return 0; // the catalog's tables are created with the first table
            }
            if (current != null && !current.equals(location)) {
                String key = current.substring(current.indexOf(bucket) + bucket.length() + 1);
                JsonNode metadata = json.readTree(s3.get(bucket, key));
                long snapshot = metadata.path("current-snapshot-id").asLong(-1);
                for (JsonNode s : metadata.path("snapshots")) {
                    if (s.path("snapshot-id").asLong() == snapshot) {
                        records = Long.parseLong(s.path("summary").path("total-records").asText("0"));
                    }
                }
                location = current;
            }
            return records;
        }
    }

    /** The sum over the connector's tasks of one of the sink's plugin metrics (0 before the tasks register them). */
    static double sinkMetric(String connector, String metric) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (ObjectName name : taskMetricNames(server, connector)) {
            Object value = server.getAttribute(name, metric);
            if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                sum += n.doubleValue();
            }
        }
        return sum;
    }

    /** A per-task average metric, weighted by a per-task count. */
    private static double sinkMetricAverage(String connector, String average, String weight) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        double weights = 0;
        for (ObjectName name : taskMetricNames(server, connector)) {
            double w = ((Number) server.getAttribute(name, weight)).doubleValue();
            double a = ((Number) server.getAttribute(name, average)).doubleValue();
            if (w > 0) {
                sum += a * w;
                weights += w;
            }
        }
        return weights == 0 ? 0 : sum / weights;
    }

    private static List<ObjectName> taskMetricNames(MBeanServer server, String connector) throws Exception {
        Set<ObjectName> names = server.queryNames(
                new ObjectName("kafka.connect:type=plugins,connector=" + ObjectName.quote(connector) + ",*"), null);
        if (names.isEmpty()) {
            names = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null);
        }
        List<ObjectName> tasks = new ArrayList<>();
        for (ObjectName name : names) {
            if (name.getKeyProperty("task") != null && name.getKeyPropertyList().size() == 3) {
                tasks.add(name);
            }
        }
        return tasks;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, Java %s (%s), max heap %d MB, load average %.2f",
                runtime.availableProcessors(), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), runtime.maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
