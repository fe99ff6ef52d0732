package dev.tiered.connect.s3.layout;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A dotted path ({@code a.b.c}) into a Struct or Map record value, split once at configure time. Debezium-aware: when
 * the first step is absent from the top level but the value has an {@code after} (or, for deletes, {@code before})
 * Struct/Map, the path is resolved in that row, so {@code event_type} works on both plain and enveloped values;
 * {@code after.event_type} works too.
 */
public final class FieldPath {

    /** Returned by {@link #resolve} when a step of the path does not exist (as opposed to existing with null). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private final String path;
    private final List<String> steps;

    public FieldPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty field path");
        }
        this.path = path.trim();
        this.steps = List.of(this.path.split("\\.", -1));
        if (steps.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("field path '" + path + "' has an empty step");
        }
    }

    public String path() {
        return path;
    }

    /** The last step: the Hive column name used for this field in paths. */
    public String leafName() {
        return steps.get(steps.size() - 1);
    }

    /** The value at this path; null if a step (or the value itself, a tombstone) is null; else {@link #MISSING}. */
    public Object resolve(Object value) {
        Object found = walk(value);
        if (found == MISSING && !steps.get(0).equals("after") && !steps.get(0).equals("before")) {
            Object after = child(value, "after");
            Object row = after == null || after == MISSING ? child(value, "before") : after;
            if (row != MISSING && row != null) {
                return walk(row);
            }
        }
        return found;
    }

    private Object walk(Object value) {
        Object current = value;
        for (String step : steps) {
            if (current == null) {
                return null;
            }
            current = child(current, step);
            if (current == MISSING) {
                return MISSING;
            }
        }
        return current;
    }

    private static Object child(Object parent, String name) {
        if (parent instanceof Struct struct) {
            Field field = struct.schema().field(name);
            return field == null ? MISSING : struct.get(field);
        }
        if (parent instanceof Map<?, ?> map) {
            Object child = map.get(name);
            return child == null && !map.containsKey(name) ? MISSING : child;
        }
        return MISSING;
    }

    @Override
    public String toString() {
        return path;
    }
}
