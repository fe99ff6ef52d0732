package dev.tiered.connect.transforms.record;

import java.util.Map;

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
        if (!valueResolved) {
            try {
                structuredValue = structure(record.value(), "value");
            } catch (EvaluationException e) {
                valueError = e;
            }
            valueResolved = true;
        }
        if (valueError != null) {
            throw valueError;
        }
        return structuredValue;
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
        Object value = structuredValue();
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
