package dev.tiered.connect.datagen;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Time that moves only when told to or waited on: a wait returns at once, having advanced the clock. */
final class FakeTaskTime implements TaskTime {

    static final long START_MILLIS = 1_795_000_000_000L;

    private long nanos = 5_000_000_000L;
    private final long startNanos = nanos;
    private long waits;
    private long longestWaitNanos;

    @Override
    public long currentTimeMillis() {
        return START_MILLIS + (nanos - startNanos) / 1_000_000L;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public boolean await(CountDownLatch latch, long waitNanos) {
        if (latch.getCount() == 0) {
            return true;
        }
        waits++;
        longestWaitNanos = Math.max(longestWaitNanos, waitNanos);
        nanos += waitNanos;
        return false;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    Duration elapsed() {
        return Duration.ofNanos(nanos - startNanos);
    }

    long waits() {
        return waits;
    }

    Duration longestWait() {
        return Duration.ofNanos(longestWaitNanos);
    }
}
