package dev.tiered.connect.s3.batch;

import java.time.Clock;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Batching keys, as a fragment the connector config adds to its {@link ConfigDef} ({@link #addTo}). The defaults aim
 * at big files and few requests: {@value #FLUSH_SIZE_DEFAULT} records or {@value #FLUSH_SIZE_BYTES_DEFAULT} bytes per
 * file (a busy partition makes 1 file per 100,000 records, far under 1 PUT-class request per 10,000 records even with
 * multipart parts), bounded by a freshness of {@value #ROTATE_SCHEDULE_INTERVAL_MS_DEFAULT} ms (10 minutes) for quiet
 * partitions. Record-time rotation is off by default as in Confluent.
 */
public final class RotationConfig {

    public static final String FLUSH_SIZE = "flush.size";
    public static final String FLUSH_SIZE_BYTES = "flush.size.bytes";
    public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
    public static final String ROTATE_SCHEDULE_INTERVAL_MS = "rotate.schedule.interval.ms";

    public static final int FLUSH_SIZE_DEFAULT = 100_000;
    public static final long FLUSH_SIZE_BYTES_DEFAULT = 128L * 1024 * 1024;
    /** S3's CopyObject limit: a file larger than one part is completed under a staging key and copied to its name. */
    public static final long MAX_FLUSH_SIZE_BYTES = 5L * 1024 * 1024 * 1024;
    public static final long ROTATE_INTERVAL_MS_DEFAULT = -1L;
    public static final long ROTATE_SCHEDULE_INTERVAL_MS_DEFAULT = 600_000L;

    private final AbstractConfig config;

    public RotationConfig(AbstractConfig config) {
        this.config = config;
    }

    public static ConfigDef addTo(ConfigDef def, String group) {
        int order = 0;
        return def
                .define(FLUSH_SIZE, Type.INT, FLUSH_SIZE_DEFAULT, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Records per batch of a Kafka partition: its files are committed once they hold this many "
                                + "records together.",
                        group, ++order, Width.SHORT, "Flush size")
                .define(FLUSH_SIZE_BYTES, Type.LONG, FLUSH_SIZE_BYTES_DEFAULT,
                        ConfigDef.Range.between(1, MAX_FLUSH_SIZE_BYTES), Importance.MEDIUM, "File size in bytes "
                                + "(written plus buffered, as the Parquet writer reports it) at which a batch is "
                                + "committed; at most 5 GiB, S3's limit for the copy that names a multipart file.",
                        group, ++order, Width.MEDIUM, "Flush size in bytes")
                .define(ROTATE_INTERVAL_MS, Type.LONG, ROTATE_INTERVAL_MS_DEFAULT, DISABLED_OR_POSITIVE,
                        Importance.MEDIUM, "Record-time span of a batch in ms: a record at least this much later than "
                                + "the batch's first record starts a new batch; -1 disables.",
                        group, ++order, Width.MEDIUM, "Rotate interval (record time)")
                .define(ROTATE_SCHEDULE_INTERVAL_MS, Type.LONG, ROTATE_SCHEDULE_INTERVAL_MS_DEFAULT,
                        DISABLED_OR_POSITIVE, Importance.HIGH, "Freshness bound in ms of wall clock: a batch is "
                                + "committed this long after its first record even if its partition gets no more "
                                + "records; -1 disables.",
                        group, ++order, Width.MEDIUM, "Rotate schedule interval (wall clock)");
    }

    public int flushSize() {
        return config.getInt(FLUSH_SIZE);
    }

    public long flushSizeBytes() {
        return config.getLong(FLUSH_SIZE_BYTES);
    }

    public long rotateIntervalMs() {
        return config.getLong(ROTATE_INTERVAL_MS);
    }

    public long rotateScheduleIntervalMs() {
        return config.getLong(ROTATE_SCHEDULE_INTERVAL_MS);
    }

    public RotationSettings settings() {
        return new RotationSettings(flushSize(), flushSizeBytes(), rotateIntervalMs(), rotateScheduleIntervalMs());
    }

    public RotationPolicy policy(Clock clock) {
        return new RotationPolicy(settings(), clock);
    }

    private static final ConfigDef.Validator DISABLED_OR_POSITIVE = ConfigDef.LambdaValidator.with((name, value) -> {
        long ms = (Long) value;
        if (ms != -1 && ms < 1) {
            throw new ConfigException(name, value, name + " must be -1 (disabled) or a positive number of ms");
        }
    }, () -> "-1 or [1,...]");
}
