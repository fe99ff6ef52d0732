package dev.tiered.connect.faults.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the test injected, when (seconds since the run began) and for how long, for the reliability report. */
public final class Injections {

    /** One injection: its kind (a table row), what exactly, its start and duration. */
    public record Injection(String kind, String detail, double startSeconds, Duration duration) {
    }

    private final long runStart = System.nanoTime();
    private final List<Injection> injections = new ArrayList<>();

    /** Seconds since the run began. */
    public double now() {
        return (System.nanoTime() - runStart) / 1e9;
    }

    /** Records an injection that began at {@code startSeconds} and lasted until now. */
    public synchronized void record(String kind, String detail, double startSeconds) {
        Duration duration = Duration.ofMillis(Math.round((now() - startSeconds) * 1000));
        injections.add(new Injection(kind, detail, startSeconds, duration));
    }

    public synchronized List<Injection> all() {
        return List.copyOf(injections);
    }

    /** A markdown table, one row per kind: how many times, total duration, and each occurrence. */
    public synchronized String markdownTable() {
        Map<String, List<Injection>> byKind = new LinkedHashMap<>();
        for (Injection injection : injections) {
            byKind.computeIfAbsent(injection.kind(), k -> new ArrayList<>()).add(injection);
        }
        StringBuilder table = new StringBuilder(
                "| Injection | Times | Total duration | Occurrences (start s: what, duration) |\n|---|---:|---:|---|\n");
        byKind.forEach((kind, list) -> {
            long totalMs = list.stream().mapToLong(i -> i.duration().toMillis()).sum();
            StringBuilder occurrences = new StringBuilder();
            for (Injection i : list) {
                if (!occurrences.isEmpty()) {
                    occurrences.append("; ");
                }
                occurrences.append(String.format(Locale.ROOT, "%.0f s: %s, %.1f s", i.startSeconds(), i.detail(),
                        i.duration().toMillis() / 1000.0));
            }
            table.append(String.format(Locale.ROOT, "| %s | %d | %.1f s | %s |%n", kind, list.size(),
                    totalMs / 1000.0, occurrences));
        });
        return table.toString();
    }
}
