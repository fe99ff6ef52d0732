package dev.tiered.connect.transforms;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/** Tiny builders for the records the tests route. */
public final class TestRecords {

    public static final String TOPIC = "events";

    private TestRecords() {
    }

    /** A Map from alternating keys and values, keeping their order. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A schemaless record on {@link #TOPIC}, as JsonConverter with schemas.enable=false produces. */
    public static SourceRecord withValue(Object value) {
        return record(TOPIC, null, value, new ConnectHeaders());
    }

    public static SourceRecord withKeyAndValue(Object key, Object value) {
        return record(TOPIC, key, value, new ConnectHeaders());
    }

    public static SourceRecord withHeaders(Object value, Headers headers) {
        return record(TOPIC, null, value, headers);
    }

    public static SourceRecord record(String topic, Object key, Object value, Headers headers) {
        return new SourceRecord(Map.of("source", "test"), Map.of("position", 1L), topic, 3, null, key, null, value,
                1_700_000_000_000L, headers);
    }

    /** A Struct record with its schema, as JsonConverter with schemas.enable=true or Avro produce. */
    public static SourceRecord withStruct(Struct value) {
        return new SourceRecord(Map.of(), Map.of(), TOPIC, 3, Schema.STRING_SCHEMA, "k", value.schema(), value,
                1_700_000_000_000L, new ConnectHeaders());
    }

    /** The reference event the event generator produces. */
    public static Map<String, Object> event(String type, double priority) {
        return map("event_id", "0b6d8c9e-1f0e-4f5e-9a51-6a0e5d8f2c11",
                "event_time", "2024-05-01T12:00:00Z",
                "event_type", type,
                "priority", priority,
                "user_id", "u-48213",
                "payload", map("amount", 1250, "currency", "EUR", "country", "DE"));
    }

    /** A Debezium change event as a Struct, the way Debezium's and the pack's CDC connectors emit it. */
    public static Struct debeziumStruct(String op, Struct before, Struct after, String table) {
        Schema row = before != null ? before.schema() : after.schema();
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("db", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .build();
        Schema envelope = SchemaBuilder.struct().name("shop.public." + table + ".Envelope")
                .field("before", SchemaBuilder.struct().name(row.name()).optional()
                        .field("id", Schema.INT64_SCHEMA).field("status", Schema.STRING_SCHEMA)
                        .field("amount", Schema.FLOAT64_SCHEMA).build())
                .field("after", SchemaBuilder.struct().name(row.name()).optional()
                        .field("id", Schema.INT64_SCHEMA).field("status", Schema.STRING_SCHEMA)
                        .field("amount", Schema.FLOAT64_SCHEMA).build())
                .field("source", source)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Struct value = new Struct(envelope)
                .put("source", new Struct(source).put("db", "shop").put("schema", "public").put("table", table))
                .put("op", op)
                .put("ts_ms", 1_700_000_000_000L);
        if (before != null) {
            value.put("before", copy(before, envelope.field("before").schema()));
        }
        if (after != null) {
            value.put("after", copy(after, envelope.field("after").schema()));
        }
        return value;
    }

    /** A row of the {@code payments} table, for {@link #debeziumStruct}. */
    public static Struct paymentRow(long id, String status, double amount) {
        Schema row = SchemaBuilder.struct().name("shop.public.payments.Value")
                .field("id", Schema.INT64_SCHEMA).field("status", Schema.STRING_SCHEMA)
                .field("amount", Schema.FLOAT64_SCHEMA).build();
        return new Struct(row).put("id", id).put("status", status).put("amount", amount);
    }

    private static Struct copy(Struct row, Schema schema) {
        return new Struct(schema).put("id", row.get("id")).put("status", row.get("status"))
                .put("amount", row.get("amount"));
    }

    /** A Debezium change event as JsonConverter with schemas.enable=false delivers it. */
    public static Map<String, Object> debeziumMap(String op, Map<String, Object> before, Map<String, Object> after,
                                                   String table) {
        return map("before", before, "after", after,
                "source", map("db", "shop", "schema", "public", "table", table),
                "op", op, "ts_ms", 1_700_000_000_000L);
    }
}
