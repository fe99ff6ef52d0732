package dev.tiered.connect.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the end-to-end benchmark harnesses share: rewriting their generated section of RESULTS.md between its markers
 * (the analysis around it survives a re-run) and reading the JVM's GC and CPU counters.
 */
final class ResultsSection {

    private ResultsSection() {
    }

    /**
     * Replaces the text between {@code beginMarker} and {@code endMarker} in {@code results} with {@code markdown},
     * or appends {@code title} and a new marked section when the file has none.
     */
    static void write(Path results, String title, String beginMarker, String endMarker, String benchmark,
                      String markdown, String arguments) throws IOException {
        String generated = beginMarker + "\n\nGenerated on " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by `"
                + benchmark + " " + arguments + "`:\n\n" + markdown + "\n" + endMarker;
        String text = Files.exists(results) ? Files.readString(results, StandardCharsets.UTF_8) : "";
        int begin = text.indexOf(beginMarker);
        int end = text.indexOf(endMarker);
        String updated;
        if (begin >= 0 && end > begin) {
            updated = text.substring(0, begin) + generated + text.substring(end + endMarker.length());
        } else {
            updated = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n")
                    + title + "\n\n" + generated + "\n";
        }
        Files.writeString(results, updated, StandardCharsets.UTF_8);
    }

    /**
     * A harness's output when it was given {@code --results}: its section of RESULTS.md (between
     * {@code <!-- <benchmark>: generated figures begin/end -->}) and its headline figures in
     * {@code results/<figuresName>.json} for {@link BenchmarkSummary}.
     */
    static void publish(Path results, String benchmark, String figuresName, String title, String[] args,
                        String markdown, String machine, java.util.List<Figures.Figure> figures) throws IOException {
        String arguments = String.join(" ", args);
        write(results, title, "<!-- " + benchmark + ": generated figures begin -->",
                "<!-- " + benchmark + ": generated figures end -->", benchmark, markdown, arguments);
        Figures.write(results, figuresName, arguments, machine, figures);
        System.out.println("Wrote the figures into " + results + " and " + Figures.fileFor(results, figuresName));
    }

    /** Milliseconds all collectors have spent, since the JVM started. */
    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Collections of all collectors, since the JVM started. */
    static long gcCount() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    /** CPU time of the whole process, 0 where the JVM does not report it. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
