package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.bench.SinkThroughputBenchmark.Report;
import dev.tiered.connect.bench.SinkThroughputBenchmark.Run;
import dev.tiered.connect.bench.SinkThroughputBenchmark.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link SinkThroughputBenchmark} end to end in a tiny mode (3,000 events, 3 partitions, one round, both S3
 * layouts and Iceberg's sink), so the harness cannot rot: the no-op sink is found and drains the topic, the S3 sink
 * drains it into objects, its JMX metrics are read and agree with the bucket and with the counting proxy, Iceberg's
 * sink (the plugin directory built by bench/iceberg-plugin) commits every record to its table, and the report has
 * every figure. Speed is never asserted.
 */
class SinkThroughputBenchmarkSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void tinyRunProducesEveryFigure() throws Exception {
        // 1,000 records per partition, below flush.size: each partition's batch commits on the 2 s schedule.
        // Iceberg commits every second here (5 s in the benchmark's default).
        Settings settings = new Settings(3_000, 3, 1, true, 1, 2_000, 0, SinkThroughputBenchmark.PEERS, 1_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report report = SinkThroughputBenchmark.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(report.events()).isEqualTo(3_000);
        assertThat(report.rawJsonBytes()).isBetween(2_000_000L, 5_000_000L);
        assertThat(report.runs()).extracting(Run::kind)
                .containsExactly(SinkThroughputBenchmark.NOOP, SinkThroughputBenchmark.S3_DEFAULT,
                        SinkThroughputBenchmark.S3_SEEDS, SinkThroughputBenchmark.ICEBERG);
        for (Run run : report.runs()) {
            assertThat(run.records()).isEqualTo(3_000);
            assertThat(run.seconds()).isPositive();
            assertThat(run.secondsToLastRecord()).isPositive().isLessThanOrEqualTo(run.seconds());
            assertThat(run.cpuSeconds()).isPositive();
            assertThat(run.peakHeapBytes()).isPositive();
        }
        Run defaults = report.of(SinkThroughputBenchmark.S3_DEFAULT).get(0);
        // One batch per Kafka partition (default partitioner): its objects (one, plus one more each time a record
        // widens the inferred schema of the open file: the first batch of a fresh task is split while the schema is
        // learned) and a marker PUT; a marker LIST per batch, one more per partition at assignment.
        assertThat(defaults.objects()).isGreaterThanOrEqualTo(3);
        assertThat(defaults.putRequests()).isEqualTo(defaults.objects() + 3);
        assertThat(defaults.listRequests()).isGreaterThanOrEqualTo(3);
        assertThat(defaults.failedRequests()).isZero();
        assertThat(defaults.storedBytes()).isPositive().isLessThan(report.rawJsonBytes());
        assertThat(defaults.sinkMemoryPeakBytes()).isPositive();
        assertThat(defaults.markers()).isEqualTo(3);
        // The proxy in front of s3proxy sees what the sink's own metrics count.
        assertThat(defaults.proxyRequests().getOrDefault("PUT", 0L)).isEqualTo(defaults.putRequests());
        assertThat(defaults.proxyRequests().getOrDefault("LIST", 0L)).isEqualTo(defaults.listRequests());
        Run iceberg = report.of(SinkThroughputBenchmark.ICEBERG).get(0);
        assertThat(iceberg.objects()).isPositive();
        assertThat(iceberg.storedBytes()).isPositive().isLessThan(report.rawJsonBytes());
        assertThat(iceberg.markers()).isPositive(); // metadata files
        assertThat(iceberg.putRequests()).isGreaterThanOrEqualTo(iceberg.objects() + iceberg.markers());
        Run seeds = report.of(SinkThroughputBenchmark.S3_SEEDS).get(0);
        // A directory per event type (13) and Kafka partition.
        assertThat(seeds.objects()).isGreaterThan(3 * 10);
        assertThat(report.ratio(SinkThroughputBenchmark.S3_DEFAULT)).isPositive();
        assertThat(report.storedShare(SinkThroughputBenchmark.S3_DEFAULT)).isPositive();

        String markdown = report.markdown();
        System.out.println(markdown);
        assertThat(markdown).contains("| noop |", "| s3-default |", "| s3-seeds |", "| iceberg |", "s3-default ÷ iceberg", "PUT-class / 10k records",
                "stored / JSON");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Produced 3,000 events");
    }
}
