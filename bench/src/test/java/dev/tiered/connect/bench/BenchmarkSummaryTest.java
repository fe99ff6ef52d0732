package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary run-all.sh writes last: goals judged from the figures files and JMH's JSON, the table and the chart. */
class BenchmarkSummaryTest {

    @TempDir
    Path dir;

    @Test
    void goalsAreJudgedInTheirOwnDirection() {
        assertThat(Figures.Figure.goal("ratio", 0.42, "×", ">= 0.85").met()).isFalse();
        assertThat(Figures.Figure.goal("ratio", 2.4, "×", ">= 2").met()).isTrue();
        assertThat(Figures.Figure.goal("share", 0.103, "", "<= 0.15").met()).isTrue();
        assertThat(Figures.Figure.goal("puts", 1.53, "", "<= 1").met()).isFalse();
        assertThat(Figures.Figure.goal("share", 0.075, "", "<= 0.15").attainment()).isEqualTo(2.0);
        assertThat(Figures.Figure.context("context", 3, "µs").met()).isNull();
    }

    @Test
    void writesTheSummaryOnTopOfTheBenchmarksSectionsOnceAndTheChart() throws Exception {
        Path results = dir.resolve("RESULTS.md");
        Files.writeString(results, "# RouterBenchmark results\n\nhand-written analysis\n");
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results/router-jmh.json"), """
                [
                  {"benchmark": "dev.tiered.connect.bench.RouterBenchmark.priorityRouterMap",
                   "primaryMetric": {"score": 200.0}},
                  {"benchmark": "dev.tiered.connect.bench.RouterBenchmark.contentBasedRouterMap",
                   "primaryMetric": {"score": 9000.0}},
                  {"benchmark": "dev.tiered.connect.bench.RouterBenchmark.priorityRouterJsonBytes",
                   "primaryMetric": {"score": 2500.0}},
                  {"benchmark": "dev.tiered.connect.bench.RouterBenchmark.contentBasedRouterJsonBytes",
                   "primaryMetric": {"score": 15000.0}}
                ]
                """);
        Figures.write(results, "sink", "--events=3000", "2 cores", List.of(
                Figures.Figure.goal("S3 sink ÷ no-op sink, records/s", 0.42, "×", ">= 0.85"),
                Figures.Figure.goal("S3 sink stored bytes ÷ raw JSON", 0.103, "", "<= 0.15"),
                Figures.Figure.context("S3 sink CPU per record", 30.5, "µs")));
        Figures.write(results, "scale-out", "--events=5000", "2 cores", List.of(
                new Figures.Figure("(1,1)", 40_000, "/s", null, "scale-out/s3-sink/records-per-second"),
                new Figures.Figure("(2,2)", 70_000, "/s", null, "scale-out/s3-sink/records-per-second"),
                new Figures.Figure("(1,1)", 30, "µs", null, "scale-out/s3-sink/cpu-micros-per-record"),
                new Figures.Figure("(2,2)", 31, "µs", null, "scale-out/s3-sink/cpu-micros-per-record")));
        Files.writeString(dir.resolve("results/machine.txt"), "cpu: 2 cores, Test CPU\n");

        String[] args = {"--results=" + results, "--machine=" + dir.resolve("results/machine.txt"),
                "--command=bench/run-all.sh"};
        BenchmarkSummary.main(args);
        BenchmarkSummary.main(args);

        String text = Files.readString(results, StandardCharsets.UTF_8);
        assertThat(text).startsWith(BenchmarkSummary.TITLE);
        assertThat(text.split(BenchmarkSummary.BEGIN_MARKER, -1)).as("one summary after two runs").hasSize(2);
        assertThat(text).contains("hand-written analysis", "cpu: 2 cores, Test CPU", "by `bench/run-all.sh`");
        assertThat(text).contains("| router | PriorityRouter ÷ ContentBasedRouter speed, Map | 45.0 × | ≥ 10 | met |");
        assertThat(text).contains("| router | PriorityRouter ÷ ContentBasedRouter speed, byte[] JSON | 6.00 × | ≥ 10 "
                + "| **missed** |");
        assertThat(text).contains("| router | PriorityRouter records/s per core, Map | 5.00 M | ≥ 1 | met |");
        assertThat(text).contains("| sink | S3 sink ÷ no-op sink, records/s | 0.42 × | ≥ 0.85 | **missed** |");
        assertThat(text).contains("| sink | S3 sink CPU per record | 30.5 µs |");
        assertThat(text).contains("3 goal(s) met, 3 missed.");

        BufferedImage chart = ImageIO.read(dir.resolve("results/" + BenchmarkSummary.CHART).toFile());
        assertThat(chart.getWidth()).isEqualTo(SummaryChart.WIDTH);
        assertThat(chart.getHeight()).as("goal rows plus the scale-out panels").isGreaterThan(500);
        assertThat(countPixels(chart, 0xC62828)).as("red bars of the missed goals").isGreaterThan(1000);
        assertThat(countPixels(chart, 0x2E7D32)).as("green bars of the met goals").isGreaterThan(1000);
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
