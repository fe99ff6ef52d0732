package dev.tiered.connect.s3.parquet;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record could not be turned into a Parquet row. The message names the field path and the reason but never the
 * value (values may be personal data). Thrown before anything of the record is written, so the open file stays
 * intact and the task can route just this record to the errant-record reporter.
 */
public class RecordConversionException extends DataException {

    private final String fieldPath;
    private final String reason;

    public RecordConversionException(String fieldPath, String reason) {
        super(message(fieldPath, reason));
        this.fieldPath = fieldPath;
        this.reason = reason;
    }

    /** The dotted path of the offending field ({@code ""} for the record value itself). */
    public String fieldPath() {
        return fieldPath;
    }

    public String reason() {
        return reason;
    }

    /** The same failure seen from one level up: {@code parent.child}. */
    RecordConversionException under(String parent) {
        String path = fieldPath.isEmpty() ? parent
                : fieldPath.startsWith("[") ? parent + fieldPath : parent + "." + fieldPath;
        return new RecordConversionException(path, reason);
    }

    private static String message(String fieldPath, String reason) {
        return "Cannot convert " + (fieldPath.isEmpty() ? "record value" : "field '" + fieldPath + "'") + ": " + reason;
    }
}
