package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.bench.CdcThroughputBenchmark.Report;
import dev.tiered.connect.bench.CdcThroughputBenchmark.Run;
import dev.tiered.connect.bench.CdcThroughputBenchmark.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CdcThroughputBenchmark} end to end in a tiny mode (2,000 changes in transactions of 100 rows, one round,
 * a 2-second live phase at 500 rows/s), so the harness cannot rot: Debezium's connector is found in its plugin
 * directory, both connectors stream the same slot backlog (every change and tombstone, nothing more), the records are
 * read back with their latencies, the heap sampler reports, and the RESULTS.md section is written and rewritten in
 * place. Speed is never asserted.
 *
 * <p>Tagged: the build runs it in a surefire execution of its own, without the debezium-scripting 3.3.1 jars (see
 * bench/pom.xml), whose service entries would break Debezium 3.7's plugin.
 */
@Tag("debezium-plugin")
class CdcThroughputBenchmarkSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void tinyRunProducesEveryFigure(@TempDir Path dir) throws Exception {
        Settings settings = new Settings(2_000, 1, 100, 500, 2, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report report = CdcThroughputBenchmark.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(report.runs()).extracting(Run::connector, Run::phase).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CdcThroughputBenchmark.OURS, CdcThroughputBenchmark.BULK),
                org.assertj.core.groups.Tuple.tuple(CdcThroughputBenchmark.DEBEZIUM, CdcThroughputBenchmark.BULK),
                org.assertj.core.groups.Tuple.tuple(CdcThroughputBenchmark.OURS, CdcThroughputBenchmark.LIVE),
                org.assertj.core.groups.Tuple.tuple(CdcThroughputBenchmark.DEBEZIUM, CdcThroughputBenchmark.LIVE));
        for (Run run : report.of(CdcThroughputBenchmark.OURS, CdcThroughputBenchmark.BULK)) {
            // 1,600 inserts + 300 updates + 100 deletes, each delete followed by its tombstone.
            assertThat(run.changes()).isEqualTo(2_000);
            assertThat(run.records()).isEqualTo(2_100);
        }
        for (Run run : report.runs()) {
            assertThat(run.seconds()).isPositive();
            assertThat(run.firstToLastSeconds()).isBetween(0.0, run.seconds());
            // Latency is a difference of two clocks of this machine; it cannot be negative by more than rounding.
            assertThat(run.latencyP50Ms()).isGreaterThanOrEqualTo(-1).isLessThanOrEqualTo(run.latencyP99Ms());
            assertThat(run.latencyP99Ms()).isLessThanOrEqualTo(run.latencyMaxMs());
            assertThat(run.baselineHeapBytes()).isPositive();
            assertThat(run.allocatedBytes()).isPositive();
            // The connector's threads (reader, task thread, producer) are found by name and allocate.
            assertThat(run.connectorAllocatedBytes()).isPositive().isLessThanOrEqualTo(run.allocatedBytes());
            assertThat(run.cpuSeconds()).isPositive();
        }
        assertThat(report.of(CdcThroughputBenchmark.DEBEZIUM, CdcThroughputBenchmark.LIVE).get(0).changes())
                .isEqualTo(1_000);

        String markdown = report.markdown();
        System.out.println(markdown);
        assertThat(markdown).contains("| 1 | ours | bulk |", "| 1 | debezium | live |", "ours ÷ Debezium",
                "commit → Kafka latency p99", "live heap mid-run");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("2,000 changes committed");

        Path results = dir.resolve("RESULTS.md");
        Files.writeString(results, "# Earlier results\n\nkept\n");
        CdcThroughputBenchmark.writeResults(results, "first", "--changes=2000");
        CdcThroughputBenchmark.writeResults(results, markdown, "--changes=2000");
        String written = Files.readString(results);
        assertThat(written).startsWith("# Earlier results\n\nkept\n").contains(CdcThroughputBenchmark.SECTION_TITLE,
                "| 1 | ours | bulk |").doesNotContain("first\n");
        assertThat(written.indexOf(CdcThroughputBenchmark.SECTION_TITLE))
                .isEqualTo(written.lastIndexOf(CdcThroughputBenchmark.SECTION_TITLE));
    }
}
