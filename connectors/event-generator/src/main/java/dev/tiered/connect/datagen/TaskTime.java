package dev.tiered.connect.datagen;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Time as a task sees it; tests substitute one that moves only when waited on, so nothing waits in real time. */
interface TaskTime {

    TaskTime SYSTEM = new TaskTime() {
        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean await(CountDownLatch latch, long nanos) throws InterruptedException {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        }
    };

    long currentTimeMillis();

    /** A monotonic clock, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits up to {@code nanos} for the latch to open.
     *
     * @return whether the latch is open
     */
    boolean await(CountDownLatch latch, long nanos) throws InterruptedException;
}
