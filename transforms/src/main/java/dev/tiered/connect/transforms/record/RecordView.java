package dev.tiered.connect.transforms.record;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

/**
 * The record that compiled conditions evaluate against, with everything that costs something (parsing JSON text,
 * recognising a change-event envelope) done lazily and at most once per record.
 *
 * <p>One view is reused for every record of a task ({@link #reset}), so evaluation allocates nothing for Map and
 * Struct values. Not thread-safe: like the transformation that owns it, it serves one task thread.
 *
 * <p>A value is a Debezium change event when it is a Struct whose schema name ends with {@code .Envelope}, or a Map
 * holding {@code op} and {@code after} or {@code before}. Plain field paths then resolve against {@code after}, or
 * against {@code before} for deletes ({@code op = 'd'}).
 *
 * <p>JSON text values are parsed only as far as the paths evaluated on them reach ({@link JsonProjection}): the view
 * learns which paths its conditions resolve, and a record whose evaluation asks for a path not learned yet is parsed
 * whole (once) and the path learned, so the first record, and any record that takes a rule down a branch not seen
 * before, pays for a whole parse and later ones do not.
 */
public final class RecordView {

    private static final String ENVELOPE_SCHEMA_SUFFIX = ".Envelope";
    private static final String OP = "op";
    private static final String BEFORE = "before";
    private static final String AFTER = "after";
    private static final String DELETE = "d";

    private final boolean detectEnvelopes;

    private ConnectRecord<?> record;

    private boolean valueResolved;
    private Object structuredValue;
    private EvaluationException valueError;
    // structuredValue is a projection of JSON text, holding only what the learned paths reach
    private boolean projected;

    // Identity: compiled paths are long-lived instances, and their equals/hashCode cost more than the lookup saves.
    private final Set<FieldPath> learnedPaths = Collections.newSetFromMap(new IdentityHashMap<>());
    private JsonProjection projection;

    private boolean keyResolved;
    private Object structuredKey;
    private EvaluationException keyError;

    private boolean envelopeResolved;
    private boolean envelope;
    private Object envelopeData;

    /** @param detectEnvelopes whether to recognise Debezium change events (and JsonConverter schema wrappers) */
    public RecordView(boolean detectEnvelopes) {
        this.detectEnvelopes = detectEnvelopes;
    }

    /** Shows another record; {@code null} releases the previous one. */
    public void reset(ConnectRecord<?> newRecord) {
        record = newRecord;
        valueResolved = false;
        structuredValue = null;
        valueError = null;
        projected = false;
        keyResolved = false;
        structuredKey = null;
        keyError = null;
        envelopeResolved = false;
        envelope = false;
        envelopeData = null;
    }

    public ConnectRecord<?> record() {
        return record;
    }

    public String topic() {
        return record.topic();
    }

    /** The record timestamp in epoch milliseconds, or null. */
    public Long timestamp() {
        return record.timestamp();
    }

    public Object rawValue() {
        return record.value();
    }

    public Object rawKey() {
        return record.key();
    }

    /** The value of the last header with this name, null if it holds null, {@link Values#MISSING} if absent. */
    public Object header(String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? Values.MISSING : header.value();
    }

    /** The value as Maps, Lists and Structs: JSON text is parsed (once), anything else is returned as it is. */
    public Object structuredValue() throws EvaluationException {
        return structuredValue(null);
    }

    /**
     * The value as {@code path} needs it: for JSON text, only the parts the learned paths reach if {@code path} is one
     * of them, otherwise the whole document (and {@code path} is learned). Null asks for the whole document.
     */
    Object structuredValue(FieldPath path) throws EvaluationException {
        boolean learned = path != null && learnedPaths.contains(path);
        if (!valueResolved) {
            Object raw = record.value();
            projected = learned && JsonText.isText(raw);
            try {
                structuredValue = projected ? projection().parse(raw, "value") : structure(raw, "value");
            } catch (EvaluationException e) {
                valueError = e;
            }
            valueResolved = true;
        } else if (projected && !learned && valueError == null) {
            // The projection does not hold this path: parse the whole value, for the rest of this record too.
            projected = false;
            envelopeResolved = false;
            envelope = false;
            envelopeData = null;
            try {
                structuredValue = structure(record.value(), "value");
            } catch (EvaluationException e) {
                valueError = e;
            }
        }
        if (path != null && !learned && JsonText.isText(record.value())) {
            learnedPaths.add(path);
            projection = null;
        }
        if (valueError != null) {
            throw valueError;
        }
        return structuredValue;
    }

    private JsonProjection projection() {
        if (projection == null) {
            projection = new JsonProjection(learnedPaths, detectEnvelopes);
        }
        return projection;
    }

    /** The key as Maps, Lists and Structs, like {@link #structuredValue()}. */
    public Object structuredKey() throws EvaluationException {
        if (!keyResolved) {
            try {
                structuredKey = structure(record.key(), "key");
            } catch (EvaluationException e) {
                keyError = e;
            }
            keyResolved = true;
        }
        if (keyError != null) {
            throw keyError;
        }
        return structuredKey;
    }

    /** What plain field paths resolve against: the row of a change event, otherwise the structured value. */
    public Object data() throws EvaluationException {
        return data(null);
    }

    /** {@link #data()} as {@code path} needs it (see {@link #structuredValue(FieldPath)}). */
    Object data(FieldPath path) throws EvaluationException {
        Object value = structuredValue(path);
        if (!detectEnvelopes) {
            return value;
        }
        if (!envelopeResolved) {
            resolveEnvelope(value);
            envelopeResolved = true;
        }
        return envelope ? envelopeData : value;
    }

    /** Whether the current value is a change-event envelope. */
    public boolean isEnvelope() throws EvaluationException {
        data();
        return envelope;
    }

    private Object structure(Object raw, String what) throws EvaluationException {
        if (!JsonText.isText(raw)) {
            return raw;
        }
        Object document = JsonText.parse(raw, what);
        return detectEnvelopes ? JsonText.unwrapSchemaEnvelope(document) : document;
    }

    private void resolveEnvelope(Object value) {
        if (value instanceof Struct struct) {
            Schema schema = struct.schema();
            String name = schema.name();
            if (name != null && name.endsWith(ENVELOPE_SCHEMA_SUFFIX)) {
                Field opField = schema.field(OP);
                Object op = opField == null ? null : struct.get(opField);
                Field rowField = schema.field(DELETE.equals(op) ? BEFORE : AFTER);
                envelope = true;
                envelopeData = rowField == null ? null : struct.get(rowField);
            }
        } else if (value instanceof Map<?, ?> map && map.containsKey(OP)
                && (map.containsKey(AFTER) || map.containsKey(BEFORE))) {
            envelope = true;
            envelopeData = map.get(DELETE.equals(map.get(OP)) ? BEFORE : AFTER);
        }
    }
}
