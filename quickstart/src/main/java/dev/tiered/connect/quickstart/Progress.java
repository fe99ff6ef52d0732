package dev.tiered.connect.quickstart;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One line every two seconds while the pipeline runs. */
final class Progress implements AutoCloseable {

    private final PipelineProbe probe;
    private final PrintStream out;
    private final long begin = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quickstart-progress");
        thread.setDaemon(true);
        return thread;
    });
    private long lastProduced;
    private long lastNanos = begin;

    Progress(PipelineProbe probe, PrintStream out) {
        this.probe = probe;
        this.out = out;
    }

    Progress start() {
        timer.scheduleWithFixedDelay(this::print, 2, 2, TimeUnit.SECONDS);
        return this;
    }

    private void print() {
        try {
            out.println(line(probe.counts()));
        } catch (RuntimeException e) {
            out.println("  (progress unavailable: " + e.getMessage() + ")");
        }
    }

    String line(PipelineProbe.Counts c) {
        long now = System.nanoTime();
        double rate = (c.produced() - lastProduced) / Math.max(1e-3, (now - lastNanos) / 1e9);
        lastProduced = c.produced();
        lastNanos = now;
        return String.format(Locale.ROOT,
                "[%4ds] produced %,9d (events %,d + changes %,d) | hot %,7d | cold %,9d | demoted %,d | files %,5d"
                        + " | PUTs %,6d | %,.0f rec/s",
                (now - begin) / 1_000_000_000L, c.produced(), c.events(), c.changes(), c.eventsHot() + c.changesHot(),
                c.eventsCold() + c.changesCold(), c.demoted(), c.objects(), c.putRequests(), rate);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
