package dev.tiered.connect.s3.parquet;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The column layout inferred from schemaless values ({@code Map}s, e.g. from JsonConverter with
 * {@code schemas.enable=false}). Immutable. Rules:
 * <ul>
 *   <li>String → STRING, Boolean → BOOLEAN, any integer → INT64, Float/Double → DOUBLE, java.util.Date → TIMESTAMP,
 *       nested Map → group, List → LIST of the widened element type; everything else → STRING (JSON text).</li>
 *   <li>Every inferred column is OPTIONAL, so a field missing from a record is simply null.</li>
 *   <li>Widening: INT64 + DOUBLE → DOUBLE; new fields are appended; a field seen only as null (or an empty
 *       list/map) gets no column until a value shows its type.</li>
 *   <li>Conflicting types (e.g. number then string, or object then number) widen to STRING holding the JSON text of
 *       each value, so a type conflict never fails the task; the column just becomes text.</li>
 * </ul>
 * The writer keeps a file's schema while records {@link #fits fit}; when one does not, {@link #widenedWith} gives the
 * schema for the next file and the caller rolls the file (Parquet files cannot change schema mid-way).
 */
public final class SchemalessSchema {

    private final Node root;
    private final Schema connectSchema;

    private SchemalessSchema(Node root) {
        this.root = root;
        this.connectSchema = toConnect(root, false);
    }

    /** The schema inferred from one value. */
    public static SchemalessSchema of(Map<?, ?> sample) {
        return new SchemalessSchema(rootOf(sample));
    }

    /** A value's top level must be an object with named fields: those become the columns. */
    private static Node rootOf(Map<?, ?> value) {
        Node root = Node.typeOf(value);
        if (root.kind != Kind.STRUCT) {
            throw new RecordConversionException("", "a schemaless value needs string keys to become columns");
        }
        return root;
    }

    /** True if {@code value} can be written with this schema as it is (no new column, no wider type). */
    public boolean fits(Map<?, ?> value) {
        return Node.fits(root, value);
    }

    /** This schema if {@code value} fits, else the narrowest schema holding both. Never fails. */
    public SchemalessSchema widenedWith(Map<?, ?> value) {
        if (fits(value)) {
            return this;
        }
        Node merged = Node.merge(root, rootOf(value));
        return merged.equals(root) ? this : new SchemalessSchema(merged);
    }

    /**
     * The columns as an (optional-everything) Connect STRUCT; null if nothing has a known type yet (e.g. {@code {}} or
     * all values null).
     */
    public Schema connectSchema() {
        return connectSchema;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemalessSchema other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static Schema toConnect(Node node, boolean optional) {
        return switch (node.kind) {
            case UNKNOWN -> null;
            case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            case LONG -> Schema.OPTIONAL_INT64_SCHEMA;
            case DOUBLE -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case STRING -> Schema.OPTIONAL_STRING_SCHEMA;
            case TIMESTAMP -> Timestamp.builder().optional().build();
            case LIST -> {
                Schema element = toConnect(node.element, true);
                yield element == null ? null : SchemaBuilder.array(element).optional().build();
            }
            case STRUCT -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                for (Map.Entry<String, Node> field : node.fields.entrySet()) {
                    Schema fieldSchema = toConnect(field.getValue(), true);
                    if (fieldSchema != null) {
                        struct.field(field.getKey(), fieldSchema);
                    }
                }
                if (struct.fields().isEmpty()) {
                    yield null;
                }
                if (optional) {
                    struct.optional();
                }
                yield struct.build();
            }
        };
    }

    private enum Kind { UNKNOWN, BOOLEAN, LONG, DOUBLE, STRING, TIMESTAMP, LIST, STRUCT }

    /** One inferred type; STRUCT keeps field order of first appearance. */
    private static final class Node {
        static final Node UNKNOWN = new Node(Kind.UNKNOWN, null, null);
        static final Node BOOLEAN = new Node(Kind.BOOLEAN, null, null);
        static final Node LONG = new Node(Kind.LONG, null, null);
        static final Node DOUBLE = new Node(Kind.DOUBLE, null, null);
        static final Node STRING = new Node(Kind.STRING, null, null);
        static final Node TIMESTAMP = new Node(Kind.TIMESTAMP, null, null);

        final Kind kind;
        final Map<String, Node> fields;
        final Node element;
        // The fields again as arrays, for the per-record check: looking each one up in the value is much cheaper than
        // iterating the value's HashMap (which walks its whole bucket table).
        private final String[] fieldNames;
        private final Node[] fieldNodes;
        private int hash;

        private Node(Kind kind, Map<String, Node> fields, Node element) {
            this.kind = kind;
            this.fields = fields;
            this.element = element;
            this.fieldNames = fields == null ? null : fields.keySet().toArray(new String[0]);
            this.fieldNodes = fields == null ? null : fields.values().toArray(new Node[0]);
        }

        static Node typeOf(Object value) {
            if (value == null) {
                return UNKNOWN;
            }
            if (value instanceof String) {
                return STRING;
            }
            if (value instanceof Boolean) {
                return BOOLEAN;
            }
            if (isIntegral(value)) {
                return LONG;
            }
            if (value instanceof Double || value instanceof Float) {
                return DOUBLE;
            }
            if (value instanceof java.util.Date) {
                return TIMESTAMP;
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Node> fields = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        return STRING; // not an object with named fields: keep it as JSON text
                    }
                    fields.put(key, typeOf(entry.getValue()));
                }
                return new Node(Kind.STRUCT, Collections.unmodifiableMap(fields), null);
            }
            if (value instanceof Collection<?> list) {
                Node element = UNKNOWN;
                for (Object item : list) {
                    element = merge(element, typeOf(item));
                }
                return new Node(Kind.LIST, null, element);
            }
            return STRING; // BigDecimal (kept exact as text), bytes, anything else
        }

        static Node merge(Node a, Node b) {
            if (a == b || b.kind == Kind.UNKNOWN) {
                return a;
            }
            if (a.kind == Kind.UNKNOWN) {
                return b;
            }
            if (a.kind == Kind.STRING || b.kind == Kind.STRING) {
                return STRING;
            }
            if (a.kind != b.kind) {
                boolean numeric = (a.kind == Kind.LONG || a.kind == Kind.DOUBLE)
                        && (b.kind == Kind.LONG || b.kind == Kind.DOUBLE);
                return numeric ? DOUBLE : STRING;
            }
            return switch (a.kind) {
                case LIST -> {
                    Node element = merge(a.element, b.element);
                    yield element == a.element ? a : new Node(Kind.LIST, null, element);
                }
                case STRUCT -> mergeStruct(a, b);
                default -> a;
            };
        }

        private static Node mergeStruct(Node a, Node b) {
            Map<String, Node> fields = new LinkedHashMap<>(a.fields);
            boolean changed = false;
            for (Map.Entry<String, Node> field : b.fields.entrySet()) {
                Node current = fields.get(field.getKey());
                Node merged = current == null ? field.getValue() : merge(current, field.getValue());
                if (merged != current) {
                    fields.put(field.getKey(), merged);
                    changed = true;
                }
            }
            return changed ? new Node(Kind.STRUCT, Collections.unmodifiableMap(fields), null) : a;
        }

        /** Allocation-free: the per-record check on the hot path. */
        static boolean fits(Node node, Object value) {
            if (value == null || node.kind == Kind.STRING) {
                return true;
            }
            return switch (node.kind) {
                case UNKNOWN -> false;
                case BOOLEAN -> value instanceof Boolean;
                case LONG -> isIntegral(value);
                case DOUBLE -> isIntegral(value) || value instanceof Double || value instanceof Float;
                case TIMESTAMP -> value instanceof java.util.Date;
                case LIST -> {
                    if (!(value instanceof Collection<?> list)) {
                        yield false;
                    }
                    for (Object item : list) {
                        if (!fits(node.element, item)) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case STRUCT -> value instanceof Map<?, ?> map && fitsStruct(node, map);
                default -> false;
            };
        }

        /**
         * Every entry of {@code map} is a known field whose value fits, or holds null. Checked field by field: when the
         * non-null values found that way are all of the map's entries, no entry can be unknown; otherwise (an unknown
         * key, or a null value) the entries are walked as well.
         */
        private static boolean fitsStruct(Node node, Map<?, ?> map) {
            String[] names = node.fieldNames;
            Node[] nodes = node.fieldNodes;
            int found = 0;
            try {
                for (int i = 0; i < names.length; i++) {
                    Object fieldValue = map.get(names[i]);
                    if (fieldValue != null) {
                        if (!fits(nodes[i], fieldValue)) {
                            return false;
                        }
                        found++;
                    }
                }
            } catch (ClassCastException e) {
                return fitsEntries(node, map); // a sorted map with keys that are not strings
            }
            return found == map.size() || fitsEntries(node, map);
        }

        private static boolean fitsEntries(Node node, Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Node field = node.fields.get(entry.getKey());
                if (field == null ? entry.getValue() != null : !fits(field, entry.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isIntegral(Object value) {
            return value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Node other) || kind != other.kind) {
                return false;
            }
            return switch (kind) {
                case LIST -> element.equals(other.element);
                // Field order decides column order, so it is part of identity.
                case STRUCT -> fields.equals(other.fields)
                        && java.util.List.copyOf(fields.keySet()).equals(java.util.List.copyOf(other.fields.keySet()));
                default -> true;
            };
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                // Immutable, so computed once: schemas are cache keys.
                h = switch (kind) {
                    case LIST -> 31 * kind.ordinal() + element.hashCode();
                    case STRUCT -> 31 * kind.ordinal() + fields.hashCode();
                    default -> kind.ordinal() + 1;
                };
                hash = h;
            }
            return h;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case LIST -> "list<" + element + ">";
                case STRUCT -> fields.toString();
                default -> kind.name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

}
