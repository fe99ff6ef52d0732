package dev.tiered.connect.s3.layout;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The time of a record used by time-based partitioning and by {@code rotate.interval.ms}, in epoch milliseconds.
 * Implementations throw {@link PartitioningException} when the record has no usable time.
 */
@FunctionalInterface
public interface TimestampExtractor {

    long extract(SinkRecord record);

    /** The Kafka record timestamp (Confluent's {@code Record}). */
    static TimestampExtractor record() {
        return record -> {
            Long timestamp = record.timestamp();
            if (timestamp == null || timestamp < 0) {
                throw new PartitioningException(record, "record has no timestamp");
            }
            return timestamp;
        };
    }

    /** Wall-clock time of processing (Confluent's {@code Wallclock}). */
    static TimestampExtractor wallclock(Clock clock) {
        return record -> clock.millis();
    }

    /**
     * A field of the value (Confluent's {@code RecordField}): epoch milliseconds as any integral number or digit
     * string, a {@link Date} (Connect Timestamp/Date), or an ISO-8601 instant such as
     * {@code 2026-11-23T08:15:30.123Z} or with an offset ({@code +01:00}).
     */
    static TimestampExtractor field(FieldPath path) {
        return record -> {
            Object value = path.resolve(record.value());
            if (value == FieldPath.MISSING || value == null) {
                throw new PartitioningException(record, "timestamp field '" + path + "' is "
                        + (value == null ? "null" : "missing"));
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                return ((Number) value).longValue();
            }
            if (value instanceof Date date) {
                return date.getTime();
            }
            if (value instanceof String text) {
                Long parsed = parseTimestamp(text.trim());
                if (parsed != null) {
                    return parsed;
                }
                throw new PartitioningException(record, "timestamp field '" + path
                        + "' is neither epoch milliseconds nor an ISO-8601 instant");
            }
            throw new PartitioningException(record, "timestamp field '" + path + "' has unsupported type "
                    + value.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        };
    }

    /** Epoch millis from a digit string or an ISO-8601 instant/offset date-time, or null. */
    static Long parseTimestamp(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9') || (text.charAt(0) == '-' && text.length() > 1
                && text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'))) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                return null;
            }
        }
    }
}
