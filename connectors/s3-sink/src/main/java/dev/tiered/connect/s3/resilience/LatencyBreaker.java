package dev.tiered.connect.s3.resilience;

import dev.tiered.connect.s3.storage.RequestCounter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of the seeds' design: when S3's latency over a sliding window exceeds a threshold, the task
 * pauses its partitions rather than buffer more, and resumes once S3 answers in time again.
 *
 * <p>Only requests whose duration reflects S3's responsiveness count: small ones (markers, listings, HEAD, DELETE,
 * Complete, small PutObjects). Part uploads, large PutObjects and copies take as long as their bytes need. The breaker
 * opens when the window's mean latency is above the threshold with at least {@code minSamples} samples, and closes
 * when the samples taken since it opened (probes while paused) have a mean at or below it.
 */
public final class LatencyBreaker implements RequestCounter {

    /** Bodies above this are bandwidth-bound, not latency-bound. */
    static final long LATENCY_RELEVANT_MAX_BYTES = 1024 * 1024;

    private record Sample(long atMillis, long latencyMillis, long sequence) { }

    private final long thresholdMillis;
    private final long windowMillis;
    private final int minSamples;
    private final LongSupplier clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private boolean open;
    private long openedAtSequence;
    private long sequence;
    private long trips;

    /**
     * @param thresholdMillis mean latency above which the breaker opens; {@code <= 0} disables it
     * @param windowMillis    how far back samples count
     * @param minSamples      fewest samples in the window for a decision
     * @param clock           wall clock in ms
     */
    public LatencyBreaker(long thresholdMillis, long windowMillis, int minSamples, LongSupplier clock) {
        this.thresholdMillis = thresholdMillis;
        this.windowMillis = windowMillis;
        this.minSamples = Math.max(1, minSamples);
        this.clock = clock;
    }

    public boolean enabled() {
        return thresholdMillis > 0;
    }

    @Override
    public void onRequest(Request request, long bytes, boolean success) {
        // Without a duration there is nothing to learn.
    }

    @Override
    public synchronized void onRequest(Request request, long bytes, boolean success, long durationNanos) {
        if (!enabled() || request == Request.UPLOAD_PART || request == Request.COPY_OBJECT
                || bytes > LATENCY_RELEVANT_MAX_BYTES) {
            return;
        }
        samples.addLast(new Sample(clock.getAsLong(), durationNanos / 1_000_000, ++sequence));
        trim(clock.getAsLong());
    }

    /** Re-evaluates the breaker; returns whether it is open (partitions should be paused). */
    public synchronized boolean evaluate() {
        if (!enabled()) {
            return false;
        }
        long now = clock.getAsLong();
        trim(now);
        if (!open) {
            if (samples.size() >= minSamples && mean(Long.MIN_VALUE) > thresholdMillis) {
                open = true;
                openedAtSequence = sequence;
                trips++;
            }
        } else {
            long fresh = samples.stream().filter(s -> s.sequence() > openedAtSequence).count();
            if (fresh > 0 && mean(openedAtSequence) <= thresholdMillis) {
                open = false;
                // The slow samples that opened the breaker are history now: kept, they would reopen it at the next
                // evaluation, pausing again and again until they leave the window although S3 is fast.
                long openedAt = openedAtSequence;
                samples.removeIf(s -> s.sequence() <= openedAt);
            }
        }
        return open;
    }

    public synchronized boolean isOpen() {
        return open;
    }

    public synchronized long trips() {
        return trips;
    }

    /** Mean latency of the window in ms, or 0 without samples; for logs and metrics. */
    public synchronized double meanLatencyMillis() {
        trim(clock.getAsLong());
        return samples.isEmpty() ? 0 : samples.stream().mapToLong(Sample::latencyMillis).average().orElse(0);
    }

    public long thresholdMillis() {
        return thresholdMillis;
    }

    /** Mean latency of the samples after sequence number {@code after}. */
    private double mean(long after) {
        return samples.stream().filter(s -> s.sequence() > after).mapToLong(Sample::latencyMillis).average()
                .orElse(0);
    }

    private void trim(long now) {
        while (!samples.isEmpty() && samples.peekFirst().atMillis() < now - windowMillis) {
            samples.removeFirst();
        }
    }
}
