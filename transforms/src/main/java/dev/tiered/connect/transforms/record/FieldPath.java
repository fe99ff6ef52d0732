package dev.tiered.connect.transforms.record;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A compiled operand path such as {@code payload.country}, {@code key.id}, {@code header['x.y']} or
 * {@code source.table}: where in a record to look, with its segments split once at configuration time.
 *
 * <p>Resolution returns the value, {@code null} for a field that exists and holds null, or {@link Values#MISSING}
 * when the path does not exist. It never throws for a missing or mistyped intermediate node; it throws only when
 * the record has to be parsed (JSON text) and cannot be.
 */
public final class FieldPath {

    /** Where a path starts. */
    public enum Root {
        /** A field of the record's data: the value, or for a change event its {@code after} (or {@code before}). */
        DATA,
        /** {@code op}, {@code source}, {@code before} or {@code after}: the change-event envelope itself. */
        ENVELOPE,
        /** {@code value}: the whole value as it is, without unwrapping a change event. */
        VALUE,
        /** {@code key}. */
        KEY,
        /** {@code topic}. */
        TOPIC,
        /** {@code timestamp}: the record timestamp in epoch milliseconds. */
        TIMESTAMP,
        /** {@code header.<name>}: the last header with that name. */
        HEADER
    }

    private final Root root;
    private final String headerName;
    // One entry per segment: a field name, or null where indexes holds a list index.
    private final String[] names;
    private final int[] indexes;
    private final String text;

    private FieldPath(Root root, String headerName, String[] names, int[] indexes, String text) {
        this.root = Objects.requireNonNull(root);
        this.headerName = headerName;
        this.names = names;
        this.indexes = indexes;
        this.text = text;
    }

    /**
     * @param root where the path starts
     * @param headerName the header name, for {@link Root#HEADER} only
     * @param segments field names (String) and list indexes (Integer); for DATA and ENVELOPE paths the first
     *     segment is the root field name itself
     * @param text the path as written, for messages
     */
    public static FieldPath of(Root root, String headerName, List<Object> segments, String text) {
        if ((root == Root.HEADER) != (headerName != null)) {
            throw new IllegalArgumentException("A header name is required for header paths and only for them");
        }
        if ((root == Root.DATA || root == Root.ENVELOPE) && (segments.isEmpty() || !(segments.get(0) instanceof String))) {
            throw new IllegalArgumentException("A data path starts with a field name");
        }
        if ((root == Root.TOPIC || root == Root.TIMESTAMP) && !segments.isEmpty()) {
            throw new IllegalArgumentException(root + " has no fields");
        }
        String[] names = new String[segments.size()];
        int[] indexes = new int[segments.size()];
        for (int i = 0; i < names.length; i++) {
            Object segment = segments.get(i);
            if (segment instanceof String name) {
                names[i] = name;
            } else if (segment instanceof Integer index && index >= 0) {
                indexes[i] = index;
            } else {
                throw new IllegalArgumentException("A path segment is a field name or a non-negative list index: " + segment);
            }
        }
        return new FieldPath(root, headerName, names, indexes, text);
    }

    public Root root() {
        return root;
    }

    /** Whether values at this path are text by nature, so text is converted to the type it is compared with. */
    public boolean isTextCoercible() {
        return root == Root.HEADER;
    }

    /** The value at this path in the record the view currently shows. */
    public Object resolve(RecordView view) throws EvaluationException {
        switch (root) {
            case DATA:
                return navigate(view.data(this), 0);
            case ENVELOPE:
                return navigate(view.structuredValue(this), 0);
            case VALUE:
                return names.length == 0 ? view.rawValue() : navigate(view.structuredValue(this), 0);
            case KEY:
                return names.length == 0 ? view.rawKey() : navigate(view.structuredKey(), 0);
            case TOPIC:
                return view.topic();
            case TIMESTAMP:
                return view.timestamp();
            case HEADER:
                return navigate(view.header(headerName), 0);
            default:
                throw new IllegalStateException("Unknown root " + root);
        }
    }

    int segmentCount() {
        return names.length;
    }

    /** The field name of segment {@code i}, or null if it is a list index. */
    String segmentName(int i) {
        return names[i];
    }

    int segmentIndex(int i) {
        return indexes[i];
    }

    private Object navigate(Object node, int from) {
        for (int i = from; i < names.length; i++) {
            if (node == null || node == Values.MISSING) {
                return Values.MISSING;
            }
            String name = names[i];
            if (name != null) {
                if (node instanceof Map<?, ?> map) {
                    Object child = map.get(name);
                    if (child == null && !map.containsKey(name)) {
                        return Values.MISSING;
                    }
                    node = child;
                } else if (node instanceof Struct struct) {
                    Field field = struct.schema().field(name);
                    if (field == null) {
                        return Values.MISSING;
                    }
                    node = struct.get(field);
                } else {
                    return Values.MISSING;
                }
            } else if (node instanceof List<?> list && indexes[i] < list.size()) {
                node = list.get(indexes[i]);
            } else {
                return Values.MISSING;
            }
        }
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && root == other.root && Objects.equals(headerName, other.headerName)
                && Arrays.equals(names, other.names) && Arrays.equals(indexes, other.indexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, headerName, Arrays.hashCode(names), Arrays.hashCode(indexes));
    }

    /** The path as written in the configuration. */
    @Override
    public String toString() {
        return text;
    }
}
