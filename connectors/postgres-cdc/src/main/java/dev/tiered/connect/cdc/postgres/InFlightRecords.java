package dev.tiered.connect.cdc.postgres;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the records a source task handed to Connect ({@link #polled}) and those Connect acknowledged
 * ({@link #acknowledged}, from {@code SourceTask.commitRecord}, which producer threads call), so that the task can stop
 * polling while {@code limit} records are in flight. Connect keeps every record it sent (with its value and offset)
 * until the producer's acknowledgement; a reader faster than the producer would otherwise fill Connect's in-flight set
 * up to the producer's whole {@code buffer.memory}.
 *
 * <p>A limit of 0 disables the bound. {@link #close()} releases a waiting poll for good (the task is stopping).
 */
public final class InFlightRecords {

    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomOrClosed = lock.newCondition();
    private long polled;
    private long acknowledged;
    private boolean waiting;
    private boolean closed;

    /** {@code limit}: the most records in flight, 0 for no bound. */
    public InFlightRecords(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0: " + limit);
        }
        this.limit = limit;
    }

    /** Whether the bound is on. */
    public boolean bounded() {
        return limit > 0;
    }

    /** {@code count} records were returned from poll. */
    public void polled(int count) {
        lock.lock();
        try {
            polled += count;
        } finally {
            lock.unlock();
        }
    }

    /** One record was acknowledged (or dropped by a transform, or failed and tolerated): it is no longer in flight. */
    public void acknowledged() {
        lock.lock();
        try {
            acknowledged++;
            if (waiting && room() > 0) {
                roomOrClosed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The records polled and not yet acknowledged. */
    public long inFlight() {
        lock.lock();
        try {
            return Math.max(0, polled - acknowledged);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many records may be polled now, waiting up to {@code timeout} for an acknowledgement while none may:
     * {@link Integer#MAX_VALUE} without a bound, 0 if the wait timed out or {@link #close()} was called.
     */
    public int awaitRoom(Duration timeout) throws InterruptedException {
        if (!bounded()) {
            return Integer.MAX_VALUE;
        }
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            waiting = true;
            try {
                while (!closed && room() == 0 && remaining > 0) {
                    remaining = roomOrClosed.awaitNanos(remaining);
                }
            } finally {
                waiting = false;
            }
            return closed ? 0 : room();
        } finally {
            lock.unlock();
        }
    }

    /** Releases a waiting {@link #awaitRoom} and makes every later one return 0 at once. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            roomOrClosed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private int room() {
        long inFlight = Math.max(0, polled - acknowledged);
        return (int) Math.max(0, limit - inFlight);
    }

    @Override
    public String toString() {
        return "InFlightRecords[limit=" + limit + ", inFlight=" + inFlight() + "]";
    }
}
