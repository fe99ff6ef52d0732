package dev.tiered.connect.s3.writer;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * A rough heap size of a record value (JVM object overheads included), for the memory budget of records a writer
 * holds outside Parquet's own buffers. Deliberately generous: the budget must not be exceeded by underestimating.
 */
final class ValueSizeEstimator {

    private static final int OBJECT = 16;
    private static final int REFERENCE = 8;
    private static final int MAX_DEPTH = 64;

    private ValueSizeEstimator() {
    }

    static long estimate(Object value) {
        return estimate(value, 0);
    }

    private static long estimate(Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return REFERENCE;
        }
        if (value instanceof String s) {
            return OBJECT + 24 + 2L * s.length();
        }
        if (value instanceof byte[] b) {
            return OBJECT + b.length;
        }
        if (value instanceof Map<?, ?> map) {
            long size = OBJECT + 48;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += 32 + estimate(e.getKey(), depth + 1) + estimate(e.getValue(), depth + 1);
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            long size = OBJECT + 24;
            for (Object element : list) {
                size += REFERENCE + estimate(element, depth + 1);
            }
            return size;
        }
        if (value instanceof Struct struct) {
            long size = OBJECT + 24;
            for (org.apache.kafka.connect.data.Field field : struct.schema().fields()) {
                size += REFERENCE + estimate(struct.get(field), depth + 1);
            }
            return size;
        }
        return OBJECT + 8;
    }
}
