package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.JsonRecords.utf8;
import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.parse;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.datagen.ReferenceEventGenerator;
import dev.tiered.connect.s3.parquet.ParquetTestFiles;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.Test;

/** Record formats end to end: JSON with schemas, schemaless widening, JSON-column mode, Debezium unwrapping. */
class S3SinkFormatsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final long DAY_MILLIS = 86_400_000L;
    static final List<String> METADATA_COLUMNS = List.of("_kafka_topic", "_kafka_partition", "_kafka_offset");

    static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema PRICE = Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
    static final Schema OPTIONAL_PRICE = Decimal.builder(3).parameter("connect.decimal.precision", "12").optional()
            .build();
    static final Schema ALL_TYPES = SchemaBuilder.struct().name("AllTypes")
            .field("i8", Schema.INT8_SCHEMA)
            .field("i16", Schema.INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA)
            .field("f64", Schema.FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA)
            .field("text", Schema.STRING_SCHEMA)
            .field("blob", Schema.BYTES_SCHEMA)
            .field("price", PRICE)
            .field("day", Date.SCHEMA)
            .field("time", Time.SCHEMA)
            .field("ts", Timestamp.SCHEMA)
            .field("address", ADDRESS)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).build())
            .field("by_id", SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.STRING_SCHEMA).optional().build())
            .field("maybe_text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("maybe_i64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("maybe_price", OPTIONAL_PRICE)
            .field("maybe_ts", Timestamp.builder().optional().build())
            .build();

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void structsWithSchemasKeepEveryConnectTypeAndItsLogicalType() throws Exception {
        String topic = TestNames.unique("all-types");
        String bucket = S3.createBucket("formats");
        cluster.createTopic(topic, 1);
        JsonRecords records = new JsonRecords(cluster, topic);
        List<Struct> sent = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Struct value = allTypes(i, i == 2);
            sent.add(value);
            values.add(records.envelope(ALL_TYPES, value));
        }
        records.sendAll(values);

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("value.converter.schemas.enable", "true");
        config.put("flush.size", "3");
        runUntilObjects(config, bucket, 1);

        String key = dataKeys(S3, bucket).get(0);
        MessageType schema = ParquetTestFiles.schema(S3.get(bucket, key));
        List<String> expectedColumns = new ArrayList<>(METADATA_COLUMNS);
        ALL_TYPES.fields().forEach(f -> expectedColumns.add(f.name()));
        assertThat(schema.getFields()).extracting(Type::getName).containsExactlyElementsOf(expectedColumns);
        assertThat(logical(schema, "i8")).isEqualTo(LogicalTypeAnnotation.intType(8, true));
        assertThat(logical(schema, "i16")).isEqualTo(LogicalTypeAnnotation.intType(16, true));
        assertThat(primitive(schema, "i32").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
        assertThat(primitive(schema, "i64").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(primitive(schema, "f32").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FLOAT);
        assertThat(primitive(schema, "f64").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(primitive(schema, "flag").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BOOLEAN);
        assertThat(logical(schema, "text")).isEqualTo(LogicalTypeAnnotation.stringType());
        assertThat(primitive(schema, "blob").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(logical(schema, "blob")).isNull();
        assertThat(primitive(schema, "price").getPrimitiveTypeName())
                .isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        assertThat(logical(schema, "price")).isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
        assertThat(logical(schema, "maybe_price")).isEqualTo(LogicalTypeAnnotation.decimalType(3, 12));
        assertThat(logical(schema, "day")).isEqualTo(LogicalTypeAnnotation.dateType());
        assertThat(logical(schema, "time")).isEqualTo(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS));
        assertThat(logical(schema, "ts")).isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS));
        assertThat(logical(schema, "maybe_ts")).isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS));
        assertThat(schema.getType("address").isPrimitive()).isFalse();
        assertThat(schema.getType("tags").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
        assertThat(schema.getType("scores").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.mapType());
        assertThat(schema.getType("by_id").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.mapType());
        for (Field field : ALL_TYPES.fields()) {
            assertThat(schema.getType(field.name()).getRepetition()).as("repetition of %s", field.name())
                    .isEqualTo(field.schema().isOptional() ? Repetition.OPTIONAL : Repetition.REQUIRED);
        }

        Map<Long, Group> rows = rowsByOffset(bucket);
        assertThat(rows).containsOnlyKeys(0L, 1L, 2L);
        for (int i = 0; i < 3; i++) {
            assertSameValues(rows.get((long) i), sent.get(i));
        }
        cluster.deleteConnectorAndAwait(config.get("name"), TIMEOUT);
    }

    @Test
    void schemalessValuesWidenTheirColumnsAndStartANewObjectWhenTheyNoLongerFit() throws Exception {
        String topic = TestNames.unique("widening");
        String bucket = S3.createBucket("formats");
        cluster.createTopic(topic, 1);
        new JsonRecords(cluster, topic).sendAll(List.of(
                // Batch 1: a new path learns its schema from its first records, then writes one object.
                utf8("{\"id\":1,\"n\":1,\"gone\":\"a\"}"),
                utf8("{\"id\":2,\"n\":5000000000,\"gone\":\"b\"}"),   // int -> long
                utf8("{\"id\":3,\"n\":2.5,\"gone\":\"c\"}"),          // -> double
                utf8("{\"id\":4,\"n\":3}"),                               // 'gone' missing: null
                // Batch 2: the path starts from what it learned; a record that does not fit starts a new object.
                utf8("{\"id\":5,\"n\":7,\"added\":true}"),              // new field: widened at open
                utf8("{\"id\":6,\"n\":\"text\",\"added\":false}"),    // number -> string: next object
                utf8("{\"id\":7,\"n\":8}"),                               // a number fits the STRING column
                utf8("{\"id\":8,\"n\":9.5}")));

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("flush.size", "4");
        runUntilObjects(config, bucket, 3);

        Map<Long, MessageType> schemaByStart = new TreeMap<>();
        for (String key : dataKeys(S3, bucket)) {
            schemaByStart.put(parse(key).startOffset(), ParquetTestFiles.schema(S3.get(bucket, key)));
        }
        assertThat(schemaByStart).containsOnlyKeys(0L, 4L, 5L);
        assertColumns(schemaByStart.get(0L), Map.of("id", PrimitiveTypeName.INT64, "n", PrimitiveTypeName.DOUBLE,
                "gone", PrimitiveTypeName.BINARY));
        assertColumns(schemaByStart.get(4L), Map.of("id", PrimitiveTypeName.INT64, "n", PrimitiveTypeName.DOUBLE,
                "gone", PrimitiveTypeName.BINARY, "added", PrimitiveTypeName.BOOLEAN));
        assertColumns(schemaByStart.get(5L), Map.of("id", PrimitiveTypeName.INT64, "n", PrimitiveTypeName.BINARY,
                "gone", PrimitiveTypeName.BINARY, "added", PrimitiveTypeName.BOOLEAN));
        for (MessageType schema : schemaByStart.values()) {
            // Inferred columns are all optional: a field missing from a record is just null.
            assertThat(schema.getFields()).filteredOn(f -> !METADATA_COLUMNS.contains(f.getName()))
                    .allMatch(f -> f.getRepetition() == Repetition.OPTIONAL);
        }

        assertThat(writtenOffsets(S3, bucket, topic).get(0)).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L)
                .allSatisfy((offset, count) -> assertThat(count).as("copies of offset %s", offset).isOne());
        Map<Long, Group> rows = rowsByOffset(bucket);
        for (long offset = 0; offset < 8; offset++) {
            assertThat(rows.get(offset).getLong("id", 0)).isEqualTo(offset + 1);
        }
        assertThat(rows.get(0L).getDouble("n", 0)).isEqualTo(1.0);
        assertThat(rows.get(1L).getDouble("n", 0)).isEqualTo(5_000_000_000.0);
        assertThat(rows.get(2L).getDouble("n", 0)).isEqualTo(2.5);
        assertThat(rows.get(3L).getDouble("n", 0)).isEqualTo(3.0);
        assertThat(rows.get(4L).getDouble("n", 0)).isEqualTo(7.0);
        assertThat(rows.get(5L).getString("n", 0)).isEqualTo("text");
        assertThat(rows.get(6L).getString("n", 0)).as("a number in a text column is its JSON text").isEqualTo("8");
        assertThat(rows.get(7L).getString("n", 0)).isEqualTo("9.5");
        assertThat(rows.get(0L).getString("gone", 0)).isEqualTo("a");
        assertThat(rows.get(2L).getString("gone", 0)).isEqualTo("c");
        assertThat(rows.get(3L).getFieldRepetitionCount("gone")).isZero();
        assertThat(rows.get(4L).getBoolean("added", 0)).isTrue();
        assertThat(rows.get(5L).getBoolean("added", 0)).isFalse();
        assertThat(rows.get(6L).getFieldRepetitionCount("added")).isZero();
        cluster.deleteConnectorAndAwait(config.get("name"), TIMEOUT);
    }

    @Test
    void jsonColumnModeStoresExtractedFieldsBesideTheWholeValue() throws Exception {
        String topic = TestNames.unique("json-mode");
        String bucket = S3.createBucket("formats");
        cluster.createTopic(topic, 1);
        JsonRecords records = new JsonRecords(cluster, topic);
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().build();
        List<byte[]> values = new ArrayList<>();
        Map<String, JsonNode> sentById = new HashMap<>();
        for (long sequence = 0; sequence < 20; sequence++) {
            byte[] value = records.plain(generator.generate(sequence).toMap());
            values.add(value);
            JsonNode tree = JSON.readTree(value);
            sentById.put(tree.path("event_id").asText(), tree);
        }
        records.sendAll(values);

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("value.format.mode", "json");
        config.put("json.column.name", "payload");
        config.put("json.extract.fields", "event_id,event_time,event_type");
        config.put("kafka.metadata.columns", "");
        config.put("flush.size", "20");
        runUntilObjects(config, bucket, 1);

        String key = dataKeys(S3, bucket).get(0);
        MessageType schema = ParquetTestFiles.schema(S3.get(bucket, key));
        assertThat(schema.getFields()).extracting(Type::getName)
                .containsExactly("event_id", "event_time", "event_type", "payload");
        for (Type column : schema.getFields()) {
            assertThat(column.getLogicalTypeAnnotation()).as(column.getName())
                    .isEqualTo(LogicalTypeAnnotation.stringType());
        }
        assertThat(schema.getType("payload").getRepetition()).isEqualTo(Repetition.REQUIRED);

        List<Group> rows = SinkTestSupport.rows(S3, bucket, key);
        assertThat(rows).hasSize(20);
        Map<String, JsonNode> writtenById = new HashMap<>();
        for (Group row : rows) {
            String eventId = row.getString("event_id", 0);
            JsonNode sent = sentById.get(eventId);
            assertThat(sent).as("event %s was sent", eventId).isNotNull();
            assertThat(row.getString("event_time", 0)).isEqualTo(sent.path("event_time").asText());
            assertThat(row.getString("event_type", 0)).isEqualTo(sent.path("event_type").asText());
            assertThat(JSON.readTree(row.getString("payload", 0))).as("payload of %s", eventId).isEqualTo(sent);
            assertThat(writtenById.put(eventId, sent)).as("event %s written once", eventId).isNull();
        }
        assertThat(writtenById.keySet()).isEqualTo(sentById.keySet());
        cluster.deleteConnectorAndAwait(config.get("name"), TIMEOUT);
    }

    @Test
    void debeziumEnvelopesBecomeTheirRowPlusOperationAndSourcePosition() throws Exception {
        String topic = TestNames.unique("dbz");
        String bucket = S3.createBucket("formats");
        cluster.createTopic(topic, 1);
        JsonNode events = debeziumReference().path("events");
        List<byte[]> values = new ArrayList<>();
        for (JsonNode event : events) {
            values.add(event.path("value").isNull() ? null : JSON.writeValueAsBytes(event.path("value")));
        }
        new JsonRecords(cluster, topic).sendAll(values);
        assertThat(values).as("the reference holds r, c, u, d and a tombstone").hasSize(5);

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("value.converter.schemas.enable", "true");
        config.put("debezium.unwrap", "true");
        config.put("flush.size", "4");
        runUntilObjects(config, bucket, 1);

        JsonNode rowFields = rowSchemaFields(events.get(0).path("value").path("schema"));
        for (String key : dataKeys(S3, bucket)) {
            MessageType schema = ParquetTestFiles.schema(S3.get(bucket, key));
            List<String> expectedColumns = new ArrayList<>(METADATA_COLUMNS);
            expectedColumns.addAll(List.of("__op", "__source_ts_ms", "__source_lsn"));
            rowFields.forEach(f -> expectedColumns.add(f.path("field").asText()));
            assertThat(schema.getFields()).extracting(Type::getName).containsExactlyElementsOf(expectedColumns);
            assertThat(logical(schema, "amount")).isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
            assertThat(primitive(schema, "created_ts").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
            assertThat(primitive(schema, "birth").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
            assertThat(primitive(schema, "__source_lsn").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        }

        Map<Long, Group> rows = rowsByOffset(bucket);
        assertThat(rows).as("the tombstone (offset 4) is ignored").containsOnlyKeys(0L, 1L, 2L, 3L);
        for (long offset = 0; offset < 4; offset++) {
            JsonNode payload = events.get((int) offset).path("value").path("payload");
            String op = payload.path("op").asText();
            Group row = rows.get(offset);
            assertThat(row.getString("__op", 0)).isEqualTo(op);
            assertThat(row.getLong("__source_ts_ms", 0)).isEqualTo(payload.path("source").path("ts_ms").asLong());
            assertThat(row.getLong("__source_lsn", 0)).isEqualTo(payload.path("source").path("lsn").asLong());
            // Deletes keep the row as it was ('before'); everything else stores the new row ('after').
            JsonNode expectedRow = payload.path(op.equals("d") ? "before" : "after");
            assertThat(expectedRow.isObject()).isTrue();
            for (JsonNode field : rowFields) {
                assertSameDebeziumValue(row, field, expectedRow.path(field.path("field").asText()), offset);
            }
        }
        assertThat(rows.get(3L).getInteger("id", 0)).isEqualTo(1);
        assertThat(rows.get(3L).getFieldRepetitionCount("note")).as("replica identity DEFAULT: only the key").isZero();
        cluster.deleteConnectorAndAwait(config.get("name"), TIMEOUT);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void runUntilObjects(Map<String, String> config, String bucket, int objects) {
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        SinkTestSupport.awaitWhileHealthy(cluster, connector, objects + " object(s) in S3", TIMEOUT,
                () -> dataKeys(S3, bucket).size() >= objects);
        assertThat(dataKeys(S3, bucket)).hasSize(objects);
    }

    /** Every row of the bucket's data objects by its Kafka offset (one partition per test). */
    private static Map<Long, Group> rowsByOffset(String bucket) {
        Map<Long, Group> rows = new TreeMap<>();
        for (String key : dataKeys(S3, bucket)) {
            for (Group row : SinkTestSupport.rows(S3, bucket, key)) {
                assertThat(rows.put(row.getLong("_kafka_offset", 0), row)).as("duplicate row in %s", key).isNull();
            }
        }
        return rows;
    }

    static Struct allTypes(int i, boolean optionalsNull) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        scores.put("a", i);
        scores.put("b", null);
        Struct value = new Struct(ALL_TYPES)
                .put("i8", (byte) (-8 - i))
                .put("i16", (short) (1600 + i))
                .put("i32", i)
                .put("i64", Long.MAX_VALUE - i)
                .put("f32", 1.5f + i)
                .put("f64", -2.25 * (i + 1))
                .put("flag", i % 2 == 0)
                .put("text", "héllo-" + i)
                .put("blob", new byte[] {1, 2, (byte) i})
                .put("price", new BigDecimal("-12345678.9" + i))
                .put("day", new java.util.Date((19_000L + i) * DAY_MILLIS))
                .put("time", new java.util.Date(13 * 3_600_000L + 5 + i))
                .put("ts", new java.util.Date(1_700_000_000_123L + i))
                .put("tags", List.of("x" + i, "y"))
                .put("scores", scores);
        if (!optionalsNull) {
            Struct address = new Struct(ADDRESS).put("city", "Lyon-" + i);
            if (i == 0) {
                address.put("zip", "69001");
            }
            value.put("address", address)
                    .put("by_id", Map.of(7L + i, "seven"))
                    .put("maybe_text", "t" + i)
                    .put("maybe_i64", 42L + i)
                    .put("maybe_price", new BigDecimal("1.23" + i))
                    .put("maybe_ts", new java.util.Date(1_800_000_000_000L + i));
        }
        return value;
    }

    private static void assertSameValues(Group row, Struct sent) {
        int i = sent.getInt32("i32");
        String where = "row " + i;
        assertThat(row.getInteger("i8", 0)).as(where).isEqualTo((int) sent.getInt8("i8"));
        assertThat(row.getInteger("i16", 0)).as(where).isEqualTo((int) sent.getInt16("i16"));
        assertThat(row.getInteger("i32", 0)).as(where).isEqualTo(i);
        assertThat(row.getLong("i64", 0)).as(where).isEqualTo(sent.getInt64("i64"));
        assertThat(row.getFloat("f32", 0)).as(where).isEqualTo(sent.getFloat32("f32"));
        assertThat(row.getDouble("f64", 0)).as(where).isEqualTo(sent.getFloat64("f64"));
        assertThat(row.getBoolean("flag", 0)).as(where).isEqualTo(sent.getBoolean("flag"));
        assertThat(row.getString("text", 0)).as(where).isEqualTo(sent.getString("text"));
        assertThat(row.getBinary("blob", 0).getBytes()).as(where).isEqualTo(sent.getBytes("blob"));
        assertThat(decimal(row, "price", 2)).as(where).isEqualTo(sent.get("price"));
        assertThat((long) row.getInteger("day", 0) * DAY_MILLIS).as(where)
                .isEqualTo(((java.util.Date) sent.get("day")).getTime());
        assertThat((long) row.getInteger("time", 0)).as(where)
                .isEqualTo(((java.util.Date) sent.get("time")).getTime());
        assertThat(row.getLong("ts", 0)).as(where).isEqualTo(((java.util.Date) sent.get("ts")).getTime());
        Group tags = row.getGroup("tags", 0);
        List<String> tagValues = new ArrayList<>();
        for (int t = 0; t < tags.getFieldRepetitionCount("list"); t++) {
            tagValues.add(tags.getGroup("list", t).getString("element", 0));
        }
        assertThat(tagValues).as(where).isEqualTo(sent.getArray("tags"));
        Map<String, Integer> scores = new LinkedHashMap<>();
        Group scoreGroup = row.getGroup("scores", 0);
        for (int s = 0; s < scoreGroup.getFieldRepetitionCount("key_value"); s++) {
            Group entry = scoreGroup.getGroup("key_value", s);
            scores.put(entry.getString("key", 0),
                    entry.getFieldRepetitionCount("value") == 0 ? null : entry.getInteger("value", 0));
        }
        assertThat(scores).as(where).isEqualTo(sent.getMap("scores"));

        Struct address = sent.getStruct("address");
        if (address == null) {
            for (String optional : List.of("address", "by_id", "maybe_text", "maybe_i64", "maybe_price", "maybe_ts")) {
                assertThat(row.getFieldRepetitionCount(optional)).as("%s: null %s", where, optional).isZero();
            }
            return;
        }
        Group addressGroup = row.getGroup("address", 0);
        assertThat(addressGroup.getString("city", 0)).as(where).isEqualTo(address.getString("city"));
        if (address.getString("zip") == null) {
            assertThat(addressGroup.getFieldRepetitionCount("zip")).as(where).isZero();
        } else {
            assertThat(addressGroup.getString("zip", 0)).as(where).isEqualTo(address.getString("zip"));
        }
        Group byId = row.getGroup("by_id", 0);
        assertThat(byId.getFieldRepetitionCount("key_value")).isOne();
        Map.Entry<?, ?> expectedEntry = sent.getMap("by_id").entrySet().iterator().next();
        assertThat(byId.getGroup("key_value", 0).getLong("key", 0)).as(where).isEqualTo(expectedEntry.getKey());
        assertThat(byId.getGroup("key_value", 0).getString("value", 0)).as(where).isEqualTo(expectedEntry.getValue());
        assertThat(row.getString("maybe_text", 0)).as(where).isEqualTo(sent.getString("maybe_text"));
        assertThat(row.getLong("maybe_i64", 0)).as(where).isEqualTo(sent.getInt64("maybe_i64"));
        assertThat(decimal(row, "maybe_price", 3)).as(where).isEqualTo(sent.get("maybe_price"));
        assertThat(row.getLong("maybe_ts", 0)).as(where).isEqualTo(((java.util.Date) sent.get("maybe_ts")).getTime());
    }

    /** Compares one column of an unwrapped row with the reference JSON, by the field's type in Debezium's schema. */
    private static void assertSameDebeziumValue(Group row, JsonNode field, JsonNode expected, long offset) {
        String name = field.path("field").asText();
        String where = "offset " + offset + " column " + name;
        if (expected.isNull() || expected.isMissingNode()) {
            assertThat(row.getFieldRepetitionCount(name)).as(where).isZero();
            return;
        }
        if (Decimal.LOGICAL_NAME.equals(field.path("name").asText())) {
            int scale = field.path("parameters").path("scale").asInt();
            BigDecimal value = new BigDecimal(new BigInteger(Base64.getDecoder().decode(expected.asText())), scale);
            assertThat(decimal(row, name, scale)).as(where).isEqualTo(value);
            return;
        }
        switch (field.path("type").asText()) {
            case "int32" -> assertThat(row.getInteger(name, 0)).as(where).isEqualTo(expected.asInt());
            case "int64" -> assertThat(row.getLong(name, 0)).as(where).isEqualTo(expected.asLong());
            case "boolean" -> assertThat(row.getBoolean(name, 0)).as(where).isEqualTo(expected.asBoolean());
            case "string" -> assertThat(row.getString(name, 0)).as(where).isEqualTo(expected.asText());
            default -> throw new AssertionError("the reference has a type this test does not compare: " + field);
        }
    }

    private static JsonNode rowSchemaFields(JsonNode envelopeSchema) {
        for (JsonNode field : envelopeSchema.path("fields")) {
            if (field.path("field").asText().equals("after")) {
                return field.path("fields");
            }
        }
        throw new AssertionError("no 'after' in the envelope schema");
    }

    /** Debezium 3.7 PostgreSQL output (JsonConverter with schemas) for snapshot, insert, update, delete, tombstone. */
    private static JsonNode debeziumReference() {
        try (InputStream in = S3SinkFormatsIT.class.getResourceAsStream(
                "/debezium/postgres-3.7.0-replica-identity-default.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertColumns(MessageType schema, Map<String, PrimitiveTypeName> valueColumns) {
        List<String> names = new ArrayList<>();
        for (Type column : schema.getFields()) {
            names.add(column.getName());
        }
        assertThat(names.subList(0, METADATA_COLUMNS.size())).isEqualTo(METADATA_COLUMNS);
        assertThat(names.subList(METADATA_COLUMNS.size(), names.size()))
                .containsExactlyInAnyOrderElementsOf(valueColumns.keySet());
        valueColumns.forEach((name, type) -> assertThat(primitive(schema, name).getPrimitiveTypeName())
                .as("type of %s in %s", name, schema).isEqualTo(type));
    }

    private static PrimitiveType primitive(MessageType schema, String column) {
        return schema.getType(column).asPrimitiveType();
    }

    private static LogicalTypeAnnotation logical(MessageType schema, String column) {
        return schema.getType(column).getLogicalTypeAnnotation();
    }

    private static BigDecimal decimal(Group row, String column, int scale) {
        return new BigDecimal(new BigInteger(row.getBinary(column, 0).getBytes()), scale);
    }
}
