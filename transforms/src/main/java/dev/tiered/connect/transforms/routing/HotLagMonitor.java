package dev.tiered.connect.transforms.routing;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the hot path's consumer lag in the background and says whether it is above the limit. Records never wait
 * for it: they read a volatile flag.
 *
 * <p>Only the hot topics this task has routed to are measured: those are the topics its hot records would queue
 * behind, and the group may consume other topics that are none of this task's business. Until a record has scored
 * hot there is nothing to measure. A failed measurement is logged at WARN (at most once a minute, with a count of
 * the failures in between) and leaves the previous state as it was.
 */
public final class HotLagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HotLagMonitor.class);

    static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final LagSource source;
    private final Supplier<? extends Collection<String>> topics;
    private final long maxLag;
    private final Duration interval;
    private final LongSupplier nanoClock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile boolean lagging;
    private volatile long lastLag = -1;
    private volatile ScheduledExecutorService executor;

    // Touched only by the probing thread.
    private boolean failing;
    private boolean warnedSinceFailing;
    private long lastWarnNanos;
    private long failuresSinceWarning;
    private long warnings;

    /**
     * @param source measures the lag; closed with this monitor
     * @param topics the topics to measure, read at each probe from the probing thread
     * @param maxLag the lag, in records, above which the hot path counts as lagging
     * @param interval the pause between two measurements
     * @param nanoClock a monotonic clock, for spacing out warnings
     */
    public HotLagMonitor(LagSource source, Supplier<? extends Collection<String>> topics, long maxLag,
                         Duration interval, LongSupplier nanoClock) {
        this.source = Objects.requireNonNull(source, "source");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.maxLag = maxLag;
        this.interval = Objects.requireNonNull(interval, "interval");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Starts measuring now and then every interval, on one daemon thread. */
    public synchronized void start() {
        if (closed.get()) {
            throw new IllegalStateException("The lag monitor is closed");
        }
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tiered-priority-router-lag-probe");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    /** Whether the last successful measurement was above the limit. */
    public boolean lagging() {
        return lagging;
    }

    /** The last measured lag in records, or -1 before the first successful measurement. */
    public long lastLag() {
        return lastLag;
    }

    /** Measures once; what the background thread runs. */
    void probe() {
        Collection<String> measured = topics.get();
        if (measured.isEmpty()) {
            return;
        }
        long lag;
        try {
            lag = source.totalLag(measured);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            reportFailure(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            return;
        }
        if (failing) {
            log.info("Measuring the lag of {} on the hot topics works again", source);
            failing = false;
        }
        lastLag = lag;
        boolean over = lag > maxLag;
        if (over != lagging) {
            if (over) {
                log.info("The hot path is lagging: {} is {} records behind on {}, more than {}; demoting non-critical"
                        + " hot records to the cold path", source, lag, measured, maxLag);
            } else {
                log.info("The hot path caught up: {} is {} records behind on {}; routing hot records hot again",
                        source, lag, measured);
            }
        }
        lagging = over;
    }

    private void reportFailure(Throwable failure) {
        if (!failing) {
            failing = true;
            warnedSinceFailing = false;
        }
        failuresSinceWarning++;
        long now = nanoClock.getAsLong();
        if (!warnedSinceFailing || now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
            log.warn("Cannot measure the lag of {} on the hot topics ({} failed attempt(s) since the last warning);"
                    + " keeping the previous state (lagging: {}): {}", source, failuresSinceWarning, lagging,
                    String.valueOf(failure));
            warnedSinceFailing = true;
            lastWarnNanos = now;
            failuresSinceWarning = 0;
            warnings++;
        }
    }

    /** How many failure warnings have been logged, to check the rate limit. */
    long warningsLogged() {
        return warnings;
    }

    /** Stops measuring and closes the lag source. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                if (!running.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The hot-path lag probe did not stop within {}", CLOSE_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            source.close();
        } catch (RuntimeException e) {
            log.warn("Closing the lag source for {} failed", source, e);
        }
    }
}
