package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.bench.ScaleOutBenchmark.Cell;
import dev.tiered.connect.bench.ScaleOutBenchmark.Report;
import dev.tiered.connect.bench.ScaleOutBenchmark.Run;
import dev.tiered.connect.bench.ScaleOutBenchmark.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ScaleOutBenchmark} in a tiny mode (5,000 events, 8 partitions, cells (1,1) and (2,2), no warm-up), so the
 * harness cannot rot: every pipeline drains or generates every record on clusters of 1 and 2 workers, the router sends
 * records to both of its topics, the report has every figure, and the results file's generated part is replaced
 * between its markers. Speed is never asserted.
 */
class ScaleOutBenchmarkSmokeTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void tinyRunProducesEveryFigure(@TempDir Path dir) throws Exception {
        Settings settings = new Settings(5_000, 8, List.of(new Cell(1, 1), new Cell(2, 2)), false, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report report = ScaleOutBenchmark.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(report.runs()).hasSize(6);
        assertThat(report.runs()).extracting(Run::kind).containsExactly(ScaleOutBenchmark.SINK,
                ScaleOutBenchmark.GENERATOR, ScaleOutBenchmark.ROUTER, ScaleOutBenchmark.SINK,
                ScaleOutBenchmark.GENERATOR, ScaleOutBenchmark.ROUTER);
        for (Run run : report.runs()) {
            assertThat(run.records()).isEqualTo(5_000);
            assertThat(run.activeSeconds()).isPositive().isLessThanOrEqualTo(run.seconds());
            assertThat(run.cpuSeconds()).isPositive();
            assertThat(run.workersWithTasks()).isBetween(1, run.cell().workers());
            if (run.kind().equals(ScaleOutBenchmark.ROUTER)) {
                assertThat(run.hot()).isPositive();
                assertThat(run.hot() + run.cold()).isEqualTo(5_000);
            }
            if (run.kind().equals(ScaleOutBenchmark.SINK)) {
                assertThat(run.objects()).isGreaterThanOrEqualTo(8);
            }
        }
        assertThat(report.rawJsonBytes()).isBetween(3_000_000L, 8_000_000L);

        String markdown = report.markdown();
        System.out.println(markdown);
        assertThat(markdown).contains("| s3-sink |", "| generator |", "| generator+router |", "share the same cores",
                "router − generator");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("produced 5,000 events");

        Path results = dir.resolve("RESULTS.md");
        Files.writeString(results, "# Other\n\nkept\n", StandardCharsets.UTF_8);
        ScaleOutBenchmark.writeResults(results, "stale-figures-42", "--x");
        ScaleOutBenchmark.writeResults(results, markdown, "--events=5000");
        String text = Files.readString(results, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# Other\n\nkept\n").contains(ScaleOutBenchmark.SECTION_TITLE, markdown)
                .doesNotContain("stale-figures-42");
        assertThat(text.indexOf(ScaleOutBenchmark.BEGIN_MARKER)).isEqualTo(text.lastIndexOf(
                ScaleOutBenchmark.BEGIN_MARKER));
    }
}
