package dev.tiered.connect.datagen;

import java.time.Instant;
import java.util.function.LongSupplier;

/** Where an event's {@code event_time} comes from. */
public interface EventClock {

    /** The event time, in milliseconds since the epoch, of the event with this sequence number. */
    long eventTimeMillis(long sequence);

    /** Whether the event time is a function of the sequence number alone (so replays repeat it). */
    boolean isSynthetic();

    /** The time at which the event is generated: realistic for time-partitioned sinks, but not repeatable. */
    static EventClock wallClock(LongSupplier currentTimeMillis) {
        return new EventClock() {
            @Override
            public long eventTimeMillis(long sequence) {
                return currentTimeMillis.getAsLong();
            }

            @Override
            public boolean isSynthetic() {
                return false;
            }

            @Override
            public String toString() {
                return "wall clock";
            }
        };
    }

    static EventClock systemWallClock() {
        return wallClock(System::currentTimeMillis);
    }

    /**
     * {@code start + floor(sequence * stepMillis)}: each task's events are spaced evenly from the same start, so
     * replays repeat their times exactly.
     */
    static EventClock synthetic(Instant start, double stepMillis) {
        if (!(stepMillis >= 0) || Double.isInfinite(stepMillis)) {
            throw new IllegalArgumentException("The step must be a finite number of milliseconds >= 0: " + stepMillis);
        }
        long startMillis = start.toEpochMilli();
        return new EventClock() {
            @Override
            public long eventTimeMillis(long sequence) {
                return startMillis + (long) Math.floor(sequence * stepMillis);
            }

            @Override
            public boolean isSynthetic() {
                return true;
            }

            @Override
            public String toString() {
                return "synthetic from " + start + " every " + stepMillis + " ms";
            }
        };
    }
}
