package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
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
import org.junit.jupiter.api.Test;

class ConnectRoundTripTest {

    static final Schema ADDRESS = SchemaBuilder.struct().name("Address")
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema PRICE = Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
    static final Schema WIDE = Decimal.builder(4).optional().build();
    static final Schema ALL = SchemaBuilder.struct().name("All")
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
            .field("wide", WIDE)
            .field("day", Date.SCHEMA)
            .field("time", Time.SCHEMA)
            .field("ts", Timestamp.SCHEMA)
            .field("address", ADDRESS)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("addresses", SchemaBuilder.array(ADDRESS).optional().build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).build())
            .field("by_id", SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.STRING_SCHEMA).optional().build())
            .field("maybe", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static final long DAY_MILLIS = 86_400_000L;

    static Struct sample() {
        Map<String, Integer> scores = new LinkedHashMap<>();
        scores.put("a", 1);
        scores.put("b", null);
        return new Struct(ALL)
                .put("i8", (byte) -8)
                .put("i16", (short) 1600)
                .put("i32", 32)
                .put("i64", Long.MAX_VALUE)
                .put("f32", 1.5f)
                .put("f64", -2.25)
                .put("flag", true)
                .put("text", "héllo")
                .put("blob", ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .put("price", new BigDecimal("-12345678.90"))
                .put("wide", new BigDecimal("3.1"))
                .put("day", new java.util.Date(19_000L * DAY_MILLIS))
                .put("time", new java.util.Date(13 * 3_600_000L + 5))
                .put("ts", new java.util.Date(1_700_000_000_123L))
                .put("address", new Struct(ADDRESS).put("city", "Lyon"))
                .put("tags", List.of("x", "y"))
                .put("addresses", List.of(new Struct(ADDRESS).put("city", "Oslo").put("zip", "0150")))
                .put("scores", scores)
                .put("by_id", Map.of(7L, "seven"));
    }

    @Test
    void mapsEveryConnectTypeToTheMatchingParquetType() {
        MessageType type = ConnectParquetSchema.convert(ALL, "m");
        assertThat(primitive(type, "i8").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.intType(8, true));
        assertThat(primitive(type, "i16").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.intType(16, true));
        assertThat(primitive(type, "i32").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
        assertThat(primitive(type, "i64").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(primitive(type, "f32").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FLOAT);
        assertThat(primitive(type, "f64").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(primitive(type, "text").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
        assertThat(primitive(type, "blob").getLogicalTypeAnnotation()).isNull();
        assertThat(primitive(type, "price").getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        assertThat(primitive(type, "price").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
        assertThat(primitive(type, "price").getTypeLength()).isEqualTo(5);
        assertThat(primitive(type, "wide").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.decimalType(4, 38));
        assertThat(primitive(type, "wide").getTypeLength()).isEqualTo(16);
        assertThat(primitive(type, "day").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
        assertThat(primitive(type, "time").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS));
        assertThat(primitive(type, "ts").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS));
        assertThat(type.getType("address").isPrimitive()).isFalse();
        assertThat(type.getType("tags").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
        assertThat(type.getType("scores").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.mapType());
        assertThat(type.getType("i8").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
        assertThat(type.getType("maybe").getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
        assertThat(type.toString()).contains("repeated group list", "required binary element (STRING)",
                "repeated group key_value", "required int64 key", "optional int32 value");
    }

    @Test
    void roundTripsEveryConnectType() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ParquetRow row = converter.convert(Rows.record(ALL, sample()), null);
        byte[] file = Rows.write(List.of(row));

        Group g = ParquetTestFiles.readAll(file).get(0);
        assertThat(g.getInteger("i8", 0)).isEqualTo(-8);
        assertThat(g.getInteger("i16", 0)).isEqualTo(1600);
        assertThat(g.getInteger("i32", 0)).isEqualTo(32);
        assertThat(g.getLong("i64", 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(g.getFloat("f32", 0)).isEqualTo(1.5f);
        assertThat(g.getDouble("f64", 0)).isEqualTo(-2.25);
        assertThat(g.getBoolean("flag", 0)).isTrue();
        assertThat(g.getString("text", 0)).isEqualTo("héllo");
        assertThat(g.getBinary("blob", 0).getBytes()).containsExactly(1, 2, 3);
        assertThat(decimal(g, "price", 2)).isEqualByComparingTo("-12345678.90");
        assertThat(decimal(g, "wide", 4)).isEqualTo(new BigDecimal("3.1000"));
        assertThat(g.getInteger("day", 0)).isEqualTo(19_000);
        assertThat(g.getInteger("time", 0)).isEqualTo(13 * 3_600_000 + 5);
        assertThat(g.getLong("ts", 0)).isEqualTo(1_700_000_000_123L);
        Group address = g.getGroup("address", 0);
        assertThat(address.getString("city", 0)).isEqualTo("Lyon");
        assertThat(address.getFieldRepetitionCount("zip")).isZero();
        Group tags = g.getGroup("tags", 0);
        assertThat(tags.getFieldRepetitionCount("list")).isEqualTo(2);
        assertThat(tags.getGroup("list", 1).getString("element", 0)).isEqualTo("y");
        Group oslo = g.getGroup("addresses", 0).getGroup("list", 0).getGroup("element", 0);
        assertThat(oslo.getString("city", 0)).isEqualTo("Oslo");
        assertThat(oslo.getString("zip", 0)).isEqualTo("0150");
        Group scores = g.getGroup("scores", 0);
        assertThat(scores.getFieldRepetitionCount("key_value")).isEqualTo(2);
        assertThat(scores.getGroup("key_value", 0).getString("key", 0)).isEqualTo("a");
        assertThat(scores.getGroup("key_value", 0).getInteger("value", 0)).isEqualTo(1);
        assertThat(scores.getGroup("key_value", 1).getFieldRepetitionCount("value")).isZero();
        Group byId = g.getGroup("by_id", 0).getGroup("key_value", 0);
        assertThat(byId.getLong("key", 0)).isEqualTo(7L);
        assertThat(byId.getString("value", 0)).isEqualTo("seven");
        assertThat(g.getFieldRepetitionCount("maybe")).isZero();
    }

    @Test
    void decimalsAreSignExtendedToTheirFixedWidth() {
        for (String value : new String[] {"0", "1", "-1", "99999999.99", "-99999999.99", "0.01", "-0.01"}) {
            BigInteger unscaled = DecimalBytes.unscaled(new BigDecimal(value), 2, 10);
            byte[] fixed = DecimalBytes.toFixed(unscaled, DecimalBytes.byteLength(10));
            assertThat(fixed).hasSize(5);
            assertThat(new BigDecimal(new BigInteger(fixed), 2)).isEqualByComparingTo(value);
        }
        assertThat(DecimalBytes.byteLength(9)).isEqualTo(4);
        assertThat(DecimalBytes.byteLength(18)).isEqualTo(8);
        assertThat(DecimalBytes.byteLength(38)).isEqualTo(16);
    }

    @Test
    void aSchemaIsMappedOncePerShape() {
        ConnectParquetSchema schemas = new ConnectParquetSchema();
        assertThat(schemas.toMessageType(ALL, "m")).isSameAs(schemas.toMessageType(ALL, "m"));
    }

    @Test
    void writesUtf8StringsAsTheyAre() throws Exception {
        Schema s = SchemaBuilder.struct().field("t", Schema.STRING_SCHEMA).build();
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        byte[] file = Rows.write(List.of(converter.convert(Rows.record(s, new Struct(s).put("t", "日本")), null)));
        assertThat(ParquetTestFiles.readAll(file).get(0).getBinary("t", 0).getBytes())
                .isEqualTo("日本".getBytes(StandardCharsets.UTF_8));
    }

    private static PrimitiveType primitive(MessageType type, String name) {
        return type.getType(name).asPrimitiveType();
    }

    private static BigDecimal decimal(Group g, String field, int scale) {
        return new BigDecimal(new BigInteger(g.getBinary(field, 0).getBytes()), scale);
    }
}
