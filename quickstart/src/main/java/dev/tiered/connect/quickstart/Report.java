package dev.tiered.connect.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The end-of-run report, from what is really there: records per path from Kafka, objects, bytes and rows per
 * partition from S3 (and the files on disk), requests and cost from the sinks' metrics. Rendered for the terminal
 * and as report.json for machines.
 */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    /** {@code <topics.dir>/<topic>.cold/} of the generator's sink: its partitions come first for {@code inspect}. */
    private String eventsPrefix = "";
    /** Sorted delays, in ms, between a hot reference event's event_time and its arrival on the hot topic. */
    private long[] hotDelays = new long[0];

    private Report() {
    }

    static Report collect(PipelineProbe probe, Connectors connectors, Services services, DataDir dir, boolean complete,
                          String incompleteReason) {
        Report report = new Report();
        report.build(probe, connectors, services, dir, complete, incompleteReason);
        return report;
    }

    private void build(PipelineProbe probe, Connectors connectors, Services services, DataDir dir, boolean complete,
                       String incompleteReason) {
        PipelineProbe.Counts counts = probe.counts();
        KafkaTopics kafka = probe.kafka();
        json.put("complete", complete);
        if (!complete) {
            json.put("incompleteReason", incompleteReason);
        }
        json.put("kafkaBootstrapServers", services.cluster().bootstrapServers());
        json.put("connectRestUrl", "http://localhost:" + services.cluster().restPort() + "/");
        json.put("postgres", Map.of("host", services.postgres().host(), "port", services.postgres().port(),
                "database", services.database()));
        json.put("topics", kafka.records(probe.routed()));

        // Raw JSON of everything that went cold: what the Parquet objects are compared with.
        String eventsCold = connectors.eventsTopic() + ".cold";
        long[] eventsRaw = kafka.valueBytes(eventsCold);
        long changesRawBytes = 0;
        long tombstones = 0;
        for (String topic : kafka.records(probe.changesCold()).keySet()) {
            long[] raw = kafka.valueBytes(topic);
            changesRawBytes += raw[0];
            tombstones += raw[1];
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("events", Map.of("hot", counts.eventsHot(), "cold", counts.eventsCold()));
        paths.put("changes", Map.of("hot", counts.changesHot(), "cold", counts.changesCold(), "coldTombstones",
                tombstones));
        paths.put("demoted", counts.demoted());
        long[] hotDelays = kafka.arrivalDelaysMillis(connectors.eventsTopic() + ".hot");
        Map<String, Object> freshness = new LinkedHashMap<>();
        freshness.put("records", hotDelays.length);
        if (hotDelays.length > 0) {
            freshness.put("p50Ms", percentile(hotDelays, 0.50));
            freshness.put("p99Ms", percentile(hotDelays, 0.99));
            freshness.put("maxMs", hotDelays[hotDelays.length - 1]);
        }
        paths.put("eventsHotArrivalAfterEventTime", freshness);
        json.put("paths", paths);
        this.hotDelays = hotDelays;

        eventsPrefix = connectors.eventsSink.get("topics.dir") + "/" + eventsCold + "/";
        String changesPrefix = connectors.cdcSink.get("topics.dir") + "/";
        Map<String, long[]> partitions = partitions(services, dir);
        List<Map<String, Object>> partitionList = new ArrayList<>();
        long eventsParquet = 0;
        long changesParquet = 0;
        long eventsRows = 0;
        long changesRows = 0;
        for (Map.Entry<String, long[]> p : partitions.entrySet()) {
            long[] v = p.getValue();
            partitionList.add(Map.of("prefix", p.getKey(), "objects", v[0], "bytes", v[1], "rows", v[2]));
            if (p.getKey().startsWith(eventsPrefix)) {
                eventsParquet += v[1];
                eventsRows += v[2];
            } else if (p.getKey().startsWith(changesPrefix)) {
                changesParquet += v[1];
                changesRows += v[2];
            }
        }
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("bucket", Services.BUCKET);
        s3.put("directory", dir.s3().resolve(Services.BUCKET).toString());
        s3.put("partitions", partitionList);
        s3.put("objects", partitions.values().stream().mapToLong(v -> v[0]).sum());
        s3.put("bytes", partitions.values().stream().mapToLong(v -> v[1]).sum());
        s3.put("rows", Map.of("events", eventsRows, "changes", changesRows));
        json.put("s3", s3);

        Map<String, Object> compression = new LinkedHashMap<>();
        compression.put("events", ratio(eventsRaw[0], eventsParquet));
        compression.put("changes", ratio(changesRawBytes, changesParquet));
        json.put("compression", compression);

        Map<String, Object> sinks = new LinkedHashMap<>();
        for (ConnectorExample sink : connectors.sinks()) {
            sinks.put(sink.name(), sinkMetrics(probe.jmx(), sink.name()));
        }
        json.put("sinks", sinks);

        JmxMetrics jmx = probe.jmx();
        String eventsSink = connectors.eventsSink.name();
        double written = Math.max(1, jmx.sum(eventsSink, PipelineProbe.SINK_RECORDS));
        ScaleCost cost = new ScaleCost(
                counts.events() == 0 ? 0 : (double) counts.eventsHot() / counts.events(),
                jmx.sum(eventsSink, PipelineProbe.SINK_COST) / written,
                (jmx.sum(eventsSink, PipelineProbe.SINK_PUTS) + jmx.sum(eventsSink, PipelineProbe.SINK_LISTS)) / written,
                jmx.sum(eventsSink, PipelineProbe.SINK_BYTES) / written);
        json.put("costAtSeedsScale", cost.toMap());

        render(counts, tombstones, partitions, eventsRaw[0], eventsParquet, changesRawBytes, changesParquet, sinks,
                cost, dir, complete, incompleteReason);
    }

    /** Objects, bytes and rows per directory of data objects (commit markers and staging left out). */
    private static Map<String, long[]> partitions(Services services, DataDir dir) {
        Map<String, long[]> partitions = new TreeMap<>();
        Path bucketDir = dir.s3().resolve(Services.BUCKET);
        for (S3Object object : services.s3().list(Services.BUCKET, "")) {
            String key = object.key();
            if (!key.endsWith(".parquet") || key.contains("_tiered/")) {
                continue;
            }
            long[] v = partitions.computeIfAbsent(key.substring(0, key.lastIndexOf('/') + 1), k -> new long[3]);
            v[0]++;
            v[1] += object.size();
            v[2] += ParquetFiles.rows(bucketDir.resolve(key));
        }
        return partitions;
    }

    private static Map<String, Object> sinkMetrics(JmxMetrics jmx, String sink) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("putRequests", jmx.count(sink, PipelineProbe.SINK_PUTS));
        m.put("listRequests", jmx.count(sink, PipelineProbe.SINK_LISTS));
        m.put("getRequests", jmx.count(sink, PipelineProbe.SINK_GETS));
        m.put("recordsWritten", jmx.count(sink, PipelineProbe.SINK_RECORDS));
        m.put("objectsWritten", jmx.count(sink, PipelineProbe.SINK_OBJECTS));
        m.put("bytesUploaded", jmx.count(sink, PipelineProbe.SINK_BYTES));
        m.put("estimatedCostUsd", jmx.sum(sink, PipelineProbe.SINK_COST));
        return m;
    }

    private static Map<String, Object> ratio(long jsonBytes, long parquetBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonBytes", jsonBytes);
        m.put("parquetBytes", parquetBytes);
        m.put("ratio", parquetBytes == 0 ? 0 : (double) jsonBytes / parquetBytes);
        return m;
    }

    @SuppressWarnings("unchecked")
    private void render(PipelineProbe.Counts c, long tombstones, Map<String, long[]> partitions, long eventsJson,
                        long eventsParquet, long changesJson, long changesParquet, Map<String, Object> sinks,
                        ScaleCost cost, DataDir dir, boolean complete, String incompleteReason) {
        lines.add("");
        lines.add("==================================== Tiered Connect quickstart report ====================================");
        if (!complete) {
            lines.add("  INCOMPLETE: " + incompleteReason);
        }
        lines.add("Records per path (counted in Kafka)                 hot        cold");
        lines.add(f("  reference events (generator + router)   %,11d %,11d   (%.1f%% hot)", c.eventsHot(), c.eventsCold(),
                c.events() == 0 ? 0.0 : 100.0 * c.eventsHot() / c.events()));
        lines.add(f("  PostgreSQL changes (CDC + router)       %,11d %,11d   (%,d of them tombstones)", c.changesHot(),
                c.changesCold(), tombstones));
        lines.add(f("  demoted from hot to cold by the router's rate limit or lag: %,d", c.demoted()));
        if (hotDelays.length > 0) {
            lines.add(f("  hot events reached the hot topic %,d ms (p50) / %,d ms (p99) / %,d ms (max) after their"
                    + " event_time (broker append time)", percentile(hotDelays, 0.50), percentile(hotDelays, 0.99),
                    hotDelays[hotDelays.length - 1]));
        }
        lines.add("");
        lines.add(f("%-80s %7s %11s %9s", "S3 objects per partition", "objects", "bytes", "rows"));
        for (Map.Entry<String, long[]> p : partitions.entrySet()) {
            lines.add(f("  %-78s %7d %,11d %,9d", p.getKey(), p.getValue()[0], p.getValue()[1], p.getValue()[2]));
        }
        lines.add("");
        lines.add(f("Compression: events  %,d bytes of JSON -> %,d bytes of Parquet (%.1fx)", eventsJson, eventsParquet,
                eventsParquet == 0 ? 0.0 : (double) eventsJson / eventsParquet));
        lines.add(f("             changes %,d bytes of JSON with schemas -> %,d bytes of Parquet (%.1fx)", changesJson,
                changesParquet, changesParquet == 0 ? 0.0 : (double) changesJson / changesParquet));
        lines.add("");
        lines.add("S3 requests and cost, from the sinks' metrics");
        for (Map.Entry<String, Object> sink : sinks.entrySet()) {
            Map<String, Object> m = (Map<String, Object>) sink.getValue();
            lines.add(f("  %-24s %,d PUT-class + %,d LIST + %,d GET-class requests, %,d records in %,d objects,"
                            + " $%.6f", sink.getKey(), m.get("putRequests"), m.get("listRequests"), m.get("getRequests"),
                    m.get("recordsWritten"), m.get("objectsWritten"), m.get("estimatedCostUsd")));
        }
        lines.add("");
        lines.add("Monthly cost at the seeds' scale (1 billion events/day of ~1 KB), this run's routing and S3 figures");
        lines.addAll(cost.lines());
        lines.add("  assumptions:");
        ScaleCost.ASSUMPTIONS.forEach(a -> lines.add("    - " + a));
        lines.add("");
        Path bucket = dir.s3().resolve(Services.BUCKET);
        lines.add("Parquet files: " + bucket);
        firstParquet(partitions, bucket, eventsPrefix).ifPresent(file ->
                lines.add("Look inside one:  ./quickstart.sh inspect " + file));
        lines.add("Report as JSON:  " + dir.reportJson());
    }

    private static java.util.Optional<Path> firstParquet(Map<String, long[]> partitions, Path bucket, String preferred) {
        List<String> prefixes = new ArrayList<>(partitions.keySet());
        prefixes.sort(java.util.Comparator.comparing((String p) -> !p.startsWith(preferred)));
        for (String prefix : prefixes) {
            try (var files = Files.list(bucket.resolve(prefix))) {
                var first = files.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst();
                if (first.isPresent()) {
                    return first;
                }
            } catch (IOException e) {
                // try the next partition
            }
        }
        return java.util.Optional.empty();
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    String text() {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    void write(DataDir dir) {
        try {
            Files.writeString(dir.reportText(), text());
            // Written last and moved into place, so that report.json appears complete or not at all.
            Path temporary = dir.reportJson().resolveSibling("report.json.tmp");
            JSON.writeValue(temporary.toFile(), json);
            Files.move(temporary, dir.reportJson(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the report to " + dir.root() + ": " + e.getMessage(), e);
        }
    }
}
