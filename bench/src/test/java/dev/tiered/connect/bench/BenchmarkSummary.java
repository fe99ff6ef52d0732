package dev.tiered.connect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The top of RESULTS.md, written last by {@code bench/run-all.sh}: the machine and the command, every headline figure
 * against its goal (from the harnesses' {@code results/*.json} and JMH's JSON results), and the chart
 * ({@code results/summary.png}, drawn by {@link SummaryChart}). The sections of each benchmark below it are written
 * by the benchmarks themselves.
 *
 * <pre>
 * BenchmarkSummary --results=bench/RESULTS.md --machine=bench/results/machine.txt --command="bench/run-all.sh"
 * </pre>
 */
public final class BenchmarkSummary {

    static final String TITLE = "# Benchmark summary";
    static final String BEGIN_MARKER = "<!-- BenchmarkSummary: generated begin -->";
    static final String END_MARKER = "<!-- BenchmarkSummary: generated end -->";
    static final String CHART = "summary.png";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTER = "dev.tiered.connect.bench.RouterBenchmark.";
    private static final String PARQUET = "dev.tiered.connect.bench.ParquetWriteBenchmark.";

    private BenchmarkSummary() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("bench/RESULTS.md");
        Path machine = null;
        String command = "bench/run-all.sh";
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String value = kv.length == 2 ? kv[1] : "";
            switch (kv[0]) {
                case "--results" -> results = Path.of(value);
                case "--machine" -> machine = Path.of(value);
                case "--command" -> command = value;
                default -> throw new IllegalArgumentException("Unknown argument " + arg
                        + "; known: --results=RESULTS.md --machine=FILE --command=TEXT");
            }
        }
        String machineText = machine != null && Files.exists(machine)
                ? Files.readString(machine, StandardCharsets.UTF_8).strip() : "(not recorded)";
        List<Figures.Run> runs = collect(results.toAbsolutePath().getParent().resolve("results"));
        Path chart = results.toAbsolutePath().getParent().resolve("results").resolve(CHART);
        SummaryChart.draw(runs, chart);
        String markdown = markdown(runs, machineText, command);
        write(results, markdown);
        System.out.println(markdown);
        System.out.println("Wrote " + results + " and " + chart);
    }

    /** Every benchmark's figures found in {@code dir}: the harnesses' JSON files and JMH's. */
    static List<Figures.Run> collect(Path dir) throws IOException {
        List<Figures.Run> runs = new ArrayList<>();
        Path router = dir.resolve("router-jmh.json");
        if (Files.exists(router)) {
            runs.add(routerFigures(router));
        }
        Path parquet = dir.resolve("parquet-jmh.json");
        if (Files.exists(parquet)) {
            runs.add(parquetFigures(parquet));
        }
        for (String benchmark : List.of("sink", "cdc", "scale-out")) {
            Path file = dir.resolve(benchmark + ".json");
            if (Files.exists(file)) {
                runs.add(Figures.read(file));
            }
        }
        return runs;
    }

    /** Issue 7's router goals from RouterBenchmark's JMH results: ≥ 10× ContentBasedRouter, ≥ 1 M records/s/core. */
    static Figures.Run routerFigures(Path jmhJson) throws IOException {
        Map<String, Double> ns = scores(jmhJson, ROUTER);
        List<Figures.Figure> figures = new ArrayList<>();
        for (String[] values : List.of(new String[] {"Map", "Map"}, new String[] {"Struct", "Struct"},
                new String[] {"JsonBytes", "byte[] JSON"})) {
            Double ours = ns.get("priorityRouter" + values[0]);
            Double cbr = ns.get("contentBasedRouter" + values[0]);
            if (ours == null) {
                continue;
            }
            if (cbr != null) {
                figures.add(Figures.Figure.goal("PriorityRouter ÷ ContentBasedRouter speed, " + values[1], cbr / ours,
                        "×", ">= 10"));
            }
            figures.add(Figures.Figure.goal("PriorityRouter records/s per core, " + values[1], 1e9 / ours / 1e6,
                    "M", ">= 1"));
        }
        Optional.ofNullable(ns.get("kafkaChainMap")).ifPresent(chain -> figures.add(Figures.Figure.context(
                "Kafka Filter + RegexRouter chain (routes on a header), per record", chain, "ns")));
        Optional.ofNullable(ns.get("priorityRouterMap")).ifPresent(map -> figures.add(Figures.Figure.context(
                "PriorityRouter per record, Map", map, "ns")));
        return new Figures.Run("router", modified(jmhJson), "JMH RouterBenchmark", "", figures);
    }

    /** Context figures from ParquetWriteBenchmark: the sink's encoding cost per record, and against parquet-avro. */
    static Figures.Run parquetFigures(Path jmhJson) throws IOException {
        Map<String, Double> ns = scores(jmhJson, PARQUET);
        List<Figures.Figure> figures = new ArrayList<>();
        Optional.ofNullable(ns.get("directMap")).ifPresent(v -> figures.add(Figures.Figure.context(
                "Parquet encoding per record, schemaless Map (the sink)", v / 1000, "µs")));
        Optional.ofNullable(ns.get("directStruct")).ifPresent(v -> figures.add(Figures.Figure.context(
                "Parquet encoding per record, Struct (the sink)", v / 1000, "µs")));
        if (ns.containsKey("directStruct") && ns.containsKey("avroStruct")) {
            figures.add(Figures.Figure.context("The sink's Parquet writer ÷ parquet-avro, speed (Struct)",
                    ns.get("avroStruct") / ns.get("directStruct"), "×"));
        }
        return new Figures.Run("parquet", modified(jmhJson), "JMH ParquetWriteBenchmark", "", figures);
    }

    /** Benchmark method name (without class) → primary score, for the benchmarks of one class. */
    private static Map<String, Double> scores(Path jmhJson, String classPrefix) throws IOException {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (JsonNode result : JSON.readTree(jmhJson.toFile())) {
            String name = result.path("benchmark").asText();
            if (name.startsWith(classPrefix)) {
                scores.put(name.substring(classPrefix.length()), result.path("primaryMetric").path("score").asDouble());
            }
        }
        return scores;
    }

    private static String modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String markdown(List<Figures.Run> runs, String machine, String command) {
        StringBuilder out = new StringBuilder();
        out.append("Generated on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by `")
                .append(command).append("`. Ratios are ours ÷ the peer measured in the same run; absolute figures "
                        + "are context and depend on the machine.\n\n");
        out.append("![Every goal as a ratio to its target, and scale-out](results/").append(CHART).append(")\n\n");
        out.append("| Benchmark | Figure | Measured | Goal | |\n|---|---|---:|---|---|\n");
        int met = 0;
        int missed = 0;
        for (Figures.Run run : runs) {
            for (Figures.Figure f : run.figures()) {
                if (f.goal() == null) {
                    continue;
                }
                Boolean ok = f.met();
                if (Boolean.TRUE.equals(ok)) {
                    met++;
                } else if (Boolean.FALSE.equals(ok)) {
                    missed++;
                }
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", run.benchmark(), f.name(),
                        f.formatted(), f.goal().replace(">=", "≥").replace("<=", "≤"),
                        ok == null ? "–" : ok ? "met" : "**missed**"));
            }
        }
        out.append(String.format(Locale.ROOT, "%n%d goal(s) met, %d missed.%n%nContext:%n%n", met, missed));
        out.append("| Benchmark | Figure | Measured |\n|---|---|---:|\n");
        for (Figures.Run run : runs) {
            for (Figures.Figure f : run.figures()) {
                if (f.goal() == null && "context".equals(f.kind())) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", run.benchmark(), f.name(),
                            f.formatted()));
                }
            }
        }
        out.append("\nWhen each benchmark's figures were taken (a partial run keeps the others' last figures):\n\n");
        out.append("| Benchmark | Figures from | Arguments |\n|---|---|---|\n");
        for (Figures.Run run : runs) {
            out.append(String.format(Locale.ROOT, "| %s | %s | `%s` |%n", run.benchmark(), run.generated(),
                    run.arguments()));
        }
        out.append("\nMachine:\n\n```\n").append(machine).append("\n```\n");
        return out.toString();
    }

    /** Writes the summary between its markers, at the top of RESULTS.md when it has none yet. */
    static void write(Path results, String markdown) throws IOException {
        String generated = BEGIN_MARKER + "\n\n" + markdown + "\n" + END_MARKER;
        String text = Files.exists(results) ? Files.readString(results, StandardCharsets.UTF_8) : "";
        int begin = text.indexOf(BEGIN_MARKER);
        int end = text.indexOf(END_MARKER);
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + generated + text.substring(end + END_MARKER.length())
                : TITLE + "\n\n" + generated + "\n\n" + text;
        Files.writeString(results, updated, StandardCharsets.UTF_8);
    }
}
