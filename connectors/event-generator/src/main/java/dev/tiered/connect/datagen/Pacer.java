package dev.tiered.connect.datagen;

/**
 * Spreads a task's events evenly over time: a token bucket filling at the task's rate and holding at most one
 * second's worth, so a task held up for a while (by a slow broker, say) catches up by no more than a second's
 * events. It starts empty, so a task starts at its rate rather than with a burst. Not thread-safe.
 */
final class Pacer {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;
    // Tolerates the rounding of permits that should be exactly whole after waiting nanosUntilNext().
    private static final double EPSILON = 1e-9;

    private final double permitsPerNano;
    private final double capacity;
    private final TaskTime time;
    private double permits;
    private long lastRefill;

    Pacer(double eventsPerSecond, TaskTime time) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("The rate must be positive and finite: " + eventsPerSecond);
        }
        this.permitsPerNano = eventsPerSecond / NANOS_PER_SECOND;
        this.capacity = Math.max(1.0, eventsPerSecond);
        this.time = time;
        this.lastRefill = time.nanoTime();
    }

    /** How many events may go now, at most {@code max}; takes them. */
    int take(int max) {
        refill();
        int available = (int) Math.min(max, Math.floor(permits + EPSILON));
        if (available > 0) {
            permits -= available;
        }
        return available;
    }

    /** How long until the next event may go: 0 when one may go now. */
    long nanosUntilNext() {
        refill();
        double missing = 1.0 - permits;
        return missing <= EPSILON ? 0 : (long) Math.ceil(missing / permitsPerNano);
    }

    private void refill() {
        long now = time.nanoTime();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            permits = Math.min(capacity, permits + elapsed * permitsPerNano);
            lastRefill = now;
        }
    }
}
