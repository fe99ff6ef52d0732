package dev.tiered.connect.s3.batch;

/**
 * The four rotation limits. {@code flushSize} and {@code flushSizeBytes} are always on (at least 1);
 * {@code rotateIntervalMs} and {@code rotateScheduleIntervalMs} are off when not positive ({@code -1}).
 */
public record RotationSettings(long flushSize, long flushSizeBytes, long rotateIntervalMs,
                               long rotateScheduleIntervalMs) {

    public RotationSettings {
        if (flushSize < 1 || flushSizeBytes < 1) {
            throw new IllegalArgumentException("flush.size and flush.size.bytes must be at least 1");
        }
    }

    public boolean recordTimeRotation() {
        return rotateIntervalMs > 0;
    }

    public boolean scheduledRotation() {
        return rotateScheduleIntervalMs > 0;
    }
}
