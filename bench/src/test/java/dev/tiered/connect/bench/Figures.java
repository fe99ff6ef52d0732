package dev.tiered.connect.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The headline figures of one benchmark run, as JSON in {@code bench/results/<benchmark>.json}, next to RESULTS.md:
 * what {@link BenchmarkSummary} turns into the summary table and the chart. Ratios are ours ÷ the peer.
 */
final class Figures {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Figures() {
    }

    /**
     * One figure. {@code goal} is {@code ">= x"}, {@code "<= x"} or null (context only); {@code kind} groups figures
     * in the chart ("ratio" = ours ÷ peer, "share", "rate", "latency", ...).
     */
    record Figure(String name, double value, String unit, String goal, String kind) {

        static Figure goal(String name, double value, String unit, String goal) {
            return new Figure(name, value, unit, goal, "goal");
        }

        static Figure context(String name, double value, String unit) {
            return new Figure(name, value, unit, null, "context");
        }

        /** Whether the goal is met; null when there is no goal or no value. */
        Boolean met() {
            if (goal == null || Double.isNaN(value)) {
                return null;
            }
            String[] parts = goal.trim().split("\\s+", 2);
            double target = Double.parseDouble(parts[1]);
            return switch (parts[0]) {
                case ">=" -> value >= target;
                case "<=" -> value <= target;
                default -> throw new IllegalArgumentException("goal must be '>= x' or '<= x': " + goal);
            };
        }

        /** How far towards the goal: 1 is exactly on it, above 1 better than it, whatever the goal's direction. */
        double attainment() {
            if (goal == null) {
                return Double.NaN;
            }
            String[] parts = goal.trim().split("\\s+", 2);
            double target = Double.parseDouble(parts[1]);
            return parts[0].equals(">=") ? value / target : target / value;
        }

        String formatted() {
            if (Double.isNaN(value)) {
                return "–";
            }
            double abs = Math.abs(value);
            String number = abs >= 1000 ? String.format(Locale.ROOT, "%,.0f", value)
                    : abs >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
            return unit == null || unit.isEmpty() ? number : unit.equals("%") ? number + "%" : number + " " + unit;
        }
    }

    /** One benchmark's run: when, how and its figures. */
    record Run(String benchmark, String generated, String arguments, String machine, List<Figure> figures) {
    }

    /** The figures file of {@code benchmark} beside {@code results} (RESULTS.md): {@code results/<benchmark>.json}. */
    static Path fileFor(Path results, String benchmark) {
        Path dir = results.toAbsolutePath().getParent().resolve("results");
        return dir.resolve(benchmark + ".json");
    }

    static Path write(Path results, String benchmark, String arguments, String machine, List<Figure> figures)
            throws IOException {
        Path file = fileFor(results, benchmark);
        Files.createDirectories(file.getParent());
        Run run = new Run(benchmark, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), arguments, machine,
                figures);
        JSON.writeValue(file.toFile(), run);
        return file;
    }

    static Run read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Run.class);
    }
}
