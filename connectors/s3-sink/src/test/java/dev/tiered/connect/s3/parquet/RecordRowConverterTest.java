package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

class RecordRowConverterTest {

    static Map<String, Object> map(Object... kv) {
        return SchemalessSchemaTest.map(kv);
    }

    static SinkRecord schemaless(Object value) {
        return Rows.record(null, value);
    }

    // --- schemaless values ---

    @Test
    void schemalessRecordsShareTheOpenFilesSchemaWhileTheyFit() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow first = converter.convert(schemaless(map("id", 1, "name", "a")), null);
        ParquetRow second = converter.convert(schemaless(map("id", 2L)), first.schema());
        assertThat(second.schema()).isSameAs(first.schema());
        byte[] file = Rows.write(List.of(first, second));
        List<Group> rows = ParquetTestFiles.readAll(file);
        assertThat(rows.get(0).getLong("id", 0)).isEqualTo(1L);
        assertThat(rows.get(0).getString("name", 0)).isEqualTo("a");
        assertThat(rows.get(1).getFieldRepetitionCount("name")).as("missing field is null").isZero();
    }

    @Test
    void aRecordThatNeedsAWiderSchemaAsksForANewFile() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow first = converter.convert(schemaless(map("v", 1)), null);
        ParquetRow wider = converter.convert(schemaless(map("v", 2.5, "extra", true)), first.schema());
        assertThat(wider.schema().sameAs(first.schema())).isFalse();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParquetObjectWriter writer = ParquetObjectWriter.open(out, first.schema(),
                ParquetWriterSettings.defaults())) {
            writer.write(first);
            assertThatThrownBy(() -> writer.write(wider)).isInstanceOf(IllegalArgumentException.class);
        }
        ParquetRow third = converter.convert(schemaless(map("v", 3)), wider.schema());
        assertThat(third.schema()).isSameAs(wider.schema());
        List<Group> rows = ParquetTestFiles.readAll(Rows.write(List.of(wider, third)));
        assertThat(rows.get(0).getDouble("v", 0)).isEqualTo(2.5);
        assertThat(rows.get(1).getDouble("v", 0)).as("long written into widened double").isEqualTo(3.0);
        assertThat(rows.get(0).getBoolean("extra", 0)).isTrue();
    }

    @Test
    void conflictingTypesAreWrittenAsJsonText() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow a = converter.convert(schemaless(map("v", 1)), null);
        ParquetRow b = converter.convert(schemaless(map("v", "two")), a.schema());
        ParquetRow c = converter.convert(schemaless(map("v", map("k", List.of(1, "x\"y")))), b.schema());
        ParquetRow d = converter.convert(schemaless(map("v", 4)), c.schema());
        assertThat(List.of(c.schema(), d.schema())).allMatch(s -> s == b.schema());
        List<Group> rows = ParquetTestFiles.readAll(Rows.write(List.of(b, c, d)));
        assertThat(rows).extracting(g -> g.getString("v", 0))
                .containsExactly("two", "{\"k\":[1,\"x\\\"y\"]}", "4");
    }

    @Test
    void nestedSchemalessValuesRoundTrip() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        Map<String, Object> value = map("user", map("id", 7, "tags", List.of("a", "b")),
                "items", List.of(map("sku", "x", "qty", 2), map("sku", "y", "qty", 1.5)));
        ParquetRow row = converter.convert(schemaless(value), null);
        Group g = ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0);
        assertThat(g.getGroup("user", 0).getLong("id", 0)).isEqualTo(7L);
        assertThat(g.getGroup("user", 0).getGroup("tags", 0).getGroup("list", 1).getString("element", 0))
                .isEqualTo("b");
        Group second = g.getGroup("items", 0).getGroup("list", 1).getGroup("element", 0);
        assertThat(second.getString("sku", 0)).isEqualTo("y");
        assertThat(second.getDouble("qty", 0)).isEqualTo(1.5);
    }

    @Test
    void primitiveValuesGoToAValueColumn() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow row = converter.convert(schemaless("plain text"), null);
        assertThat(ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0).getString("value", 0))
                .isEqualTo("plain text");
    }

    @Test
    void tombstonesHaveNoRow() {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        assertThat(converter.convert(schemaless(null), null)).isNull();
    }

    // --- JSON column mode ---

    @Test
    void jsonModeKeepsTheValueAsTextBesideExtractedColumns() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns()
                .withJson("payload", List.of("event_id", "event_time", "type=meta.type")));
        Map<String, Object> value = map("event_id", "e-1", "event_time", 1_700_000_000_000L,
                "meta", map("type", "click"), "n", 1.5);
        ParquetRow row = converter.convert(schemaless(value), null);
        MessageType type = row.schema().messageType();
        assertThat(type.getFields()).extracting(f -> f.getName())
                .containsExactly("event_id", "event_time", "type", "payload");
        Group g = ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0);
        assertThat(g.getString("event_id", 0)).isEqualTo("e-1");
        assertThat(g.getLong("event_time", 0)).isEqualTo(1_700_000_000_000L);
        assertThat(g.getString("type", 0)).isEqualTo("click");
        assertThat(g.getString("payload", 0)).isEqualTo(
                "{\"event_id\":\"e-1\",\"event_time\":1700000000000,\"meta\":{\"type\":\"click\"},\"n\":1.5}");
    }

    @Test
    void jsonModeWorksForStructs() throws Exception {
        Schema schema = SchemaBuilder.struct().field("event_id", Schema.STRING_SCHEMA)
                .field("event_time", Timestamp.SCHEMA)
                .field("amount", Decimal.schema(2)).build();
        Struct value = new Struct(schema).put("event_id", "e-2").put("event_time", new java.util.Date(5L))
                .put("amount", new BigDecimal("1.50"));
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns()
                .withJson("doc", List.of("event_id", "event_time", "missing.path")));
        ParquetRow row = converter.convert(Rows.record(schema, value), null);
        Group g = ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0);
        assertThat(g.getString("event_id", 0)).isEqualTo("e-2");
        assertThat(g.getLong("event_time", 0)).isEqualTo(5L);
        assertThat(g.getString("doc", 0)).isEqualTo("{\"event_id\":\"e-2\",\"event_time\":5,\"amount\":1.50}");
        assertThat(row.schema().messageType().containsField("missing_path")).as("never seen: no column yet")
                .isFalse();
    }

    // --- Debezium ---

    static final Schema ROW = SchemaBuilder.struct().name("db.public.orders.Value")
            .field("id", Schema.INT64_SCHEMA).field("status", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("ts_ms", Schema.INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("db.public.orders.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    static Struct envelope(String op, Struct before, Struct after) {
        return new Struct(ENVELOPE).put("op", op).put("before", before).put("after", after)
                .put("source", new Struct(SOURCE).put("ts_ms", 1000L).put("lsn", 555L));
    }

    static Struct order(long id, String status) {
        return new Struct(ROW).put("id", id).put("status", status);
    }

    @Test
    void unwrapsDebeziumStructEventsForEveryOperation() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(
                RowConversionOptions.columns().withDebeziumUnwrap(true));
        List<SinkRecord> records = List.of(
                Rows.record(ENVELOPE, envelope("r", null, order(1, "snap"))),
                Rows.record(ENVELOPE, envelope("c", null, order(2, "new"))),
                Rows.record(ENVELOPE, envelope("u", order(2, "new"), order(2, "paid"))),
                Rows.record(ENVELOPE, envelope("d", order(1, "snap"), null)));
        List<Group> rows = ParquetTestFiles.readAll(Rows.writeRecords(converter, records));
        assertThat(rows).extracting(g -> g.getString("__op", 0)).containsExactly("r", "c", "u", "d");
        assertThat(rows).extracting(g -> g.getLong("id", 0)).containsExactly(1L, 2L, 2L, 1L);
        assertThat(rows).extracting(g -> g.getString("status", 0)).containsExactly("snap", "new", "paid", "snap");
        assertThat(rows).extracting(g -> g.getLong("__source_ts_ms", 0)).containsOnly(1000L);
        assertThat(rows).extracting(g -> g.getLong("__source_lsn", 0)).containsOnly(555L);
    }

    @Test
    void unwrapsDebeziumMapEvents() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(
                RowConversionOptions.columns().withDebeziumUnwrap(true));
        Map<String, Object> source = map("ts_ms", 2000L);
        List<SinkRecord> records = List.of(
                schemaless(map("op", "c", "before", null, "after", map("id", 1, "s", "a"), "source", source)),
                schemaless(map("op", "u", "before", null, "after", map("id", 1, "s", "b"), "source", source)),
                schemaless(map("op", "d", "before", map("id", 1, "s", "b"), "after", null, "source", source)));
        List<Group> rows = ParquetTestFiles.readAll(Rows.writeRecords(converter, records));
        assertThat(rows).extracting(g -> g.getString("__op", 0)).containsExactly("c", "u", "d");
        assertThat(rows).extracting(g -> g.getString("s", 0)).containsExactly("a", "b", "b");
        assertThat(rows).extracting(g -> g.getLong("__source_ts_ms", 0)).containsOnly(2000L);
        assertThat(rows).extracting(g -> g.getFieldRepetitionCount("__source_lsn")).containsOnly(0);
    }

    @Test
    void aDeleteWithoutBeforeRowIsAConversionError() {
        RecordRowConverter converter = new RecordRowConverter(
                RowConversionOptions.columns().withDebeziumUnwrap(true));
        assertThatThrownBy(() -> converter.convert(Rows.record(ENVELOPE, envelope("d", null, null)), null))
                .isInstanceOf(RecordConversionException.class)
                .extracting(e -> ((RecordConversionException) e).fieldPath()).isEqualTo("before");
        assertThatThrownBy(() -> converter.convert(Rows.record(ENVELOPE, envelope("t", null, null)), null))
                .isInstanceOf(RecordConversionException.class).hasMessageContaining("op");
    }

    @Test
    void withoutUnwrapTheEnvelopeIsStoredAsItIs() {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow row = converter.convert(Rows.record(ENVELOPE, envelope("c", null, order(1, "x"))), null);
        assertThat(row.schema().messageType().getFields()).extracting(f -> f.getName())
                .containsExactly("before", "after", "source", "op", "ts_ms");
    }

    // --- Kafka metadata ---

    @Test
    void addsTheChosenKafkaMetadataColumns() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns()
                .withMetadata(List.of(MetadataColumn.values())));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace", "abc");
        headers.addInt("attempt", 2);
        SinkRecord record = new SinkRecord("orders", 5, null, map("tenant", 9), null, map("x", 1), 77L,
                1_700_000_000_000L, TimestampType.CREATE_TIME, headers);
        ParquetRow row = converter.convert(record, null);
        assertThat(row.schema().messageType().getFields()).extracting(f -> f.getName()).containsExactly(
                "_kafka_topic", "_kafka_partition", "_kafka_offset", "_kafka_timestamp", "_kafka_key",
                "_kafka_headers", "x");
        Group g = ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0);
        assertThat(g.getString("_kafka_topic", 0)).isEqualTo("orders");
        assertThat(g.getInteger("_kafka_partition", 0)).isEqualTo(5);
        assertThat(g.getLong("_kafka_offset", 0)).isEqualTo(77L);
        assertThat(g.getLong("_kafka_timestamp", 0)).isEqualTo(1_700_000_000_000L);
        assertThat(g.getString("_kafka_key", 0)).isEqualTo("{\"tenant\":9}");
        Group h = g.getGroup("_kafka_headers", 0);
        assertThat(h.getGroup("key_value", 0).getString("key", 0)).isEqualTo("trace");
        assertThat(h.getGroup("key_value", 0).getString("value", 0)).isEqualTo("abc");
        assertThat(h.getGroup("key_value", 1).getString("value", 0)).isEqualTo("2");
        assertThat(g.getLong("x", 0)).isEqualTo(1L);
    }

    @Test
    void aValueFieldNamedLikeAMetadataColumnIsAConversionError() {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns()
                .withMetadata(List.of(MetadataColumn.TOPIC)));
        assertThatThrownBy(() -> converter.convert(schemaless(map("_kafka_topic", "x")), null))
                .isInstanceOf(RecordConversionException.class)
                .extracting(e -> ((RecordConversionException) e).fieldPath()).isEqualTo("_kafka_topic");
    }

    // --- conversion errors ---

    @Test
    void aBadRecordIsRejectedWholeAndTheFileStaysIntact() throws Exception {
        Schema price = Decimal.builder(2).parameter("connect.decimal.precision", "6").build();
        Schema item = SchemaBuilder.struct().field("price", price).build();
        Schema schema = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA)
                .field("items", SchemaBuilder.array(item).build()).build();
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        List<ParquetRow> good = new ArrayList<>();
        ParquetRow bad = null;
        for (String amount : new String[] {"1.50", "1.505", "9999.99", "12345.67"}) {
            Struct value = new Struct(schema).put("name", amount)
                    .put("items", List.of(new Struct(item).put("price", new BigDecimal("0.10")),
                            new Struct(item).put("price", new BigDecimal(amount))));
            ParquetRow row = converter.convert(Rows.record(schema, value), null);
            if (amount.equals("1.50") || amount.equals("9999.99")) {
                good.add(row);
            } else if (amount.equals("1.505")) {
                bad = row;
            } else {
                good.add(row); // too many digits: rejected at write time as well
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordConversionException> errors = new ArrayList<>();
        try (ParquetObjectWriter writer = ParquetObjectWriter.open(out, bad.schema(),
                ParquetWriterSettings.defaults())) {
            for (ParquetRow row : List.of(good.get(0), bad, good.get(1), good.get(2))) {
                try {
                    writer.write(row);
                } catch (RecordConversionException e) {
                    errors.add(e);
                }
            }
            assertThat(writer.recordCount()).isEqualTo(2);
        }
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).fieldPath()).isEqualTo("items[1].price");
        assertThat(errors.get(0).getMessage()).contains("rescaled").doesNotContain("1.505");
        assertThat(errors.get(1).fieldPath()).isEqualTo("items[1].price");
        assertThat(errors.get(1).getMessage()).contains("precision 6").doesNotContain("12345");
        List<Group> rows = ParquetTestFiles.readAll(out.toByteArray());
        assertThat(rows).extracting(g -> g.getString("name", 0)).containsExactly("1.50", "9999.99");
    }

    @Test
    void aRequiredFieldMissingInAMapIsNamed() {
        Schema inner = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("inner", inner).build();
        RowSchema rowSchema = new RowSchema(schema, ConnectParquetSchema.convert(schema, "m"), null);
        RowWriter writer = new RowWriter();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("inner", map("id", null));
        assertThatThrownBy(() -> writer.validate(new ParquetRow(rowSchema, new Object[] {value.get("inner")})))
                .isInstanceOf(RecordConversionException.class)
                .hasMessage("Cannot convert field 'inner.id': required field is null");
        assertThatThrownBy(() -> writer.validate(new ParquetRow(rowSchema, new Object[] {map("id", "x")})))
                .hasMessage("Cannot convert field 'inner.id': expected INT64 but the value is a String");
    }

    @Test
    void primitiveValuesWithASchemaKeepTheirType() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow a = converter.convert(Rows.record(Schema.INT64_SCHEMA, 5L), null);
        ParquetRow b = converter.convert(Rows.record(Schema.INT64_SCHEMA, 6L), a.schema());
        assertThat(b.schema()).isSameAs(a.schema());
        assertThat(ParquetTestFiles.readAll(Rows.write(List.of(a, b)))).extracting(g -> g.getLong("value", 0))
                .containsExactly(5L, 6L);
    }

    @Test
    void anEmptySchemalessValueIsAConversionError() {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        assertThatThrownBy(() -> converter.convert(schemaless(map()), null))
                .isInstanceOf(RecordConversionException.class).hasMessageContaining("at least one column");
    }

    @Test
    void jsonTextEscapesAndHandlesNonFiniteNumbers() {
        JsonText json = new JsonText();
        assertThat(json.toJson(map("s", "a\"b\\c\n\u0001", "nan", Double.NaN, "bytes", new byte[] {1, 2},
                "list", java.util.Arrays.asList(1, null, true))))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"nan\":\"NaN\",\"bytes\":\"AQI=\","
                        + "\"list\":[1,null,true]}");
    }

    @Test
    void nestedStructsWithAnotherSchemaInstanceAreMatchedByName() throws Exception {
        Schema inner = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA)
                .field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema outer = SchemaBuilder.struct().field("in", inner).build();
        Schema otherInner = SchemaBuilder.struct().field("b", Schema.OPTIONAL_STRING_SCHEMA)
                .field("a", Schema.INT32_SCHEMA).build();
        RowSchema rowSchema = new RecordRowConverter(RowConversionOptions.columns())
                .convert(Rows.record(outer, new Struct(outer).put("in", new Struct(inner).put("a", 1))), null)
                .schema();
        // A transform may rebuild nested structs with an equal but distinct (here: reordered) schema.
        ParquetRow row = new ParquetRow(rowSchema, new Object[] {new Struct(otherInner).put("a", 2).put("b", "x")});
        Group g = ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0).getGroup("in", 0);
        assertThat(g.getInteger("a", 0)).isEqualTo(2);
        assertThat(g.getString("b", 0)).isEqualTo("x");
    }

    @Test
    void jsonModeDebeziumAndMetadataCombine() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns()
                .withJson("payload", List.of("id")).withDebeziumUnwrap(true)
                .withMetadata(List.of(MetadataColumn.OFFSET)));
        ParquetRow row = converter.convert(Rows.record(ENVELOPE, envelope("u", null, order(9, "paid"))), null);
        assertThat(row.schema().messageType().getFields()).extracting(f -> f.getName()).containsExactly(
                "_kafka_offset", "__op", "__source_ts_ms", "__source_lsn", "id", "payload");
        Group g = ParquetTestFiles.readAll(Rows.write(List.of(row))).get(0);
        assertThat(g.getLong("_kafka_offset", 0)).isEqualTo(42L);
        assertThat(g.getString("__op", 0)).isEqualTo("u");
        assertThat(g.getLong("id", 0)).isEqualTo(9L);
        assertThat(g.getString("payload", 0)).isEqualTo("{\"id\":9,\"status\":\"paid\"}");
    }

    @Test
    void oneConverterServesSeveralOpenFilesWithDifferentInferredSchemas() {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        RowSchema fileA = converter.convert(schemaless(map("a", 1)), null).schema();
        RowSchema fileB = converter.convert(schemaless(map("b", "x")), null).schema();
        for (int i = 0; i < 3; i++) {
            assertThat(converter.convert(schemaless(map("a", i)), fileA).schema()).isSameAs(fileA);
            assertThat(converter.convert(schemaless(map("b", "y" + i)), fileB).schema()).isSameAs(fileB);
        }
        assertThat(converter.convert(schemaless(map("b", "z")), fileA).schema().sameAs(fileA)).isFalse();
    }
}
