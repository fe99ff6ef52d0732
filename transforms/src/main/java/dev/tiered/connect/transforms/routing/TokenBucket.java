package dev.tiered.connect.transforms.routing;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most {@code capacity}, starting full.
 * Not thread-safe; one per task.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    /**
     * @param ratePerSecond tokens added per second, positive
     * @param capacity the most tokens the bucket holds (the burst), at least 1
     * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("The rate must be positive and finite: " + ratePerSecond);
        }
        if (!(capacity >= 1) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("The capacity must be at least 1 and finite: " + capacity);
        }
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Takes a token if one is available. */
    public boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastRefill = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
