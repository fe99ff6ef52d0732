package dev.tiered.connect.s3.parquet;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.parquet.io.api.Binary;

/**
 * The Parquet {@link Binary} of each string value, reused per column while the column repeats its values (event
 * types, countries, ...). A reused instance is UTF-8 encoded once, and parquet-java's dictionary then finds it by
 * identity instead of comparing it byte by byte with the one it holds; both showed at the top of the sink's profile.
 * A column that keeps bringing new values (ids, timestamps as text) stops being cached, so memory stays bounded by
 * {@value #MAX_ENTRIES} values of at most {@value #MAX_LENGTH} characters per repetitive column (values parquet-java's
 * dictionary holds anyway). One per file: dies with its dictionaries. Not thread-safe.
 */
final class ColumnStrings {

    static final int MAX_ENTRIES = 1024;
    /** Longer values are rarely repeated, and would make the cache's memory less predictable. */
    static final int MAX_LENGTH = 256;

    private final Map<Field, Column> columns = new IdentityHashMap<>();

    /** {@code value} as a Binary, the same instance as last time in this column if it was seen before. */
    Binary binary(Field column, String value) {
        if (column == null || value.length() > MAX_LENGTH) {
            return encode(value);
        }
        Column cache = columns.get(column);
        if (cache == null) {
            cache = new Column();
            columns.put(column, cache);
        }
        return cache.binary(value);
    }

    /**
     * The same bytes as {@code Binary.fromString}, backed by the array rather than a ByteBuffer view of it: the
     * dictionary's hashing and comparisons then read the array directly instead of through ByteBuffer accessors.
     */
    static Binary encode(String value) {
        return Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Column {
        private Map<String, Binary> values = new HashMap<>();
        private int missesWhenFull;

        Binary binary(String value) {
            if (values == null) {
                return encode(value);
            }
            Binary binary = values.get(value);
            if (binary == null) {
                binary = encode(value);
                if (values.size() < MAX_ENTRIES) {
                    values.put(value, binary);
                } else if (++missesWhenFull > MAX_ENTRIES) {
                    values = null; // as many new values as the cache holds: not a repetitive column
                }
            }
            return binary;
        }
    }
}
