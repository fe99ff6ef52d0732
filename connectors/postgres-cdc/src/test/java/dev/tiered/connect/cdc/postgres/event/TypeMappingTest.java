package dev.tiered.connect.cdc.postgres.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.cdc.postgres.event.TypeSettings.BinaryMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.DecimalMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.HstoreMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.IntervalMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.TimePrecisionMode;
import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * The type mapping against values Debezium 3.7.0 emitted for the same PostgreSQL text (recorded by
 * {@code DebeziumSideBySideIT}): schema shapes and converted values per type family and handling mode.
 */
class TypeMappingTest {

    private static final TypeSettings DEFAULTS = TypeSettings.DEFAULTS;
    private static final PgType MOOD = new PgType(90001, "mood", 'e', null, List.of("sad", "ok", "happy"));

    private static ColumnConverter column(int oid, int typmod) {
        return column(PgType.builtin(oid), typmod, DEFAULTS);
    }

    private static ColumnConverter column(PgType type, int typmod, TypeSettings settings) {
        return ValueConverters.forColumn(new ColumnDefinition("c", type.oid(), typmod, true, type, null), settings);
    }

    private static TypeSettings with(DecimalMode decimal, TimePrecisionMode time, BinaryMode binary,
            IntervalMode interval, HstoreMode hstore) {
        return new TypeSettings(decimal, time, binary, interval, hstore, 2);
    }

    private static String base64(Object bytes) {
        return Base64.getEncoder().encodeToString((byte[]) bytes);
    }

    @Test
    void numericWithoutTypmodIsAVariableScaleDecimalWithTrailingZerosStripped() {
        ColumnConverter numeric = column(ValueConverters.NUMERIC, -1);
        assertThat(numeric.schema().name()).isEqualTo("io.debezium.data.VariableScaleDecimal");
        assertThat(numeric.schema().fields()).extracting(f -> f.name()).containsExactly("scale", "value");
        Struct value = (Struct) numeric.convert("123.4500");
        assertThat(value.getInt32("scale")).isEqualTo(2);
        assertThat(base64(value.getBytes("value"))).isEqualTo("MDk="); // 12345
        Struct hundred = (Struct) numeric.convert("100");
        assertThat(hundred.getInt32("scale")).isZero();
        assertThat(base64(hundred.getBytes("value"))).isEqualTo("ZA==");
        assertThat(numeric.convert("NaN")).isNull();
        assertThat(numeric.convert("Infinity")).isNull();
    }

    @Test
    void decimalModesDoubleAndString() {
        TypeSettings string = with(DecimalMode.STRING, TimePrecisionMode.ADAPTIVE, BinaryMode.BYTES,
                IntervalMode.NUMERIC, HstoreMode.JSON);
        int numeric103 = (10 << 16) + 3 + 4;
        assertThat(column(PgType.builtin(ValueConverters.NUMERIC), numeric103, string).convert("1.1"))
                .isEqualTo("1.100");
        assertThat(column(PgType.builtin(ValueConverters.NUMERIC), -1, string).convert("123.4500"))
                .isEqualTo("123.4500");
        assertThat(column(PgType.builtin(ValueConverters.NUMERIC), -1, string).convert("NaN")).isEqualTo("NAN");
        assertThat(column(PgType.builtin(ValueConverters.MONEY), -1, string).convert("-$1,234.50"))
                .isEqualTo("-1234.50");
        TypeSettings dbl = with(DecimalMode.DOUBLE, TimePrecisionMode.ADAPTIVE, BinaryMode.BYTES,
                IntervalMode.NUMERIC, HstoreMode.JSON);
        ColumnConverter numeric = column(PgType.builtin(ValueConverters.NUMERIC), -1, dbl);
        assertThat(numeric.schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(numeric.convert("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void moneyIsADecimalOfTwoFractionDigits() {
        ColumnConverter money = column(ValueConverters.MONEY, -1);
        assertThat(money.schema().parameters()).containsExactly(Map.entry("scale", "2"));
        assertThat(money.convert("$12.34")).isEqualTo(new BigDecimal("12.34"));
        assertThat(money.convert("-$92,233,720,368,547,758.08")).isEqualTo(new BigDecimal("-92233720368547758.08"));
    }

    @Test
    void bitsAreBooleanForOneBitElseLittleEndianBytes() {
        assertThat(column(ValueConverters.BIT, 1).convert("1")).isEqualTo(true);
        ColumnConverter bits = column(ValueConverters.BIT, 10);
        assertThat(bits.schema().name()).isEqualTo("io.debezium.data.Bits");
        assertThat(bits.schema().parameters()).containsEntry("length", "10");
        assertThat(base64(bits.convert("1010101010"))).isEqualTo("qgI=");
        assertThat(base64(bits.convert("0000000001"))).isEqualTo("AQ==");
        assertThat(base64(column(ValueConverters.VARBIT, 20).convert("10110"))).isEqualTo("Fg==");
    }

    @Test
    void byteaPerBinaryMode() {
        assertThat(base64(column(ValueConverters.BYTEA, -1).convert("\\x0102ff"))).isEqualTo("AQL/");
        for (Object[] mode : new Object[][] {{BinaryMode.BASE64, "AQL/"}, {BinaryMode.BASE64_URL_SAFE, "AQL_"},
                {BinaryMode.HEX, "0102ff"}}) {
            TypeSettings settings = with(DecimalMode.PRECISE, TimePrecisionMode.ADAPTIVE, (BinaryMode) mode[0],
                    IntervalMode.NUMERIC, HstoreMode.JSON);
            ColumnConverter bytea = column(PgType.builtin(ValueConverters.BYTEA), -1, settings);
            assertThat(bytea.schema().type()).isEqualTo(Schema.Type.STRING);
            assertThat(bytea.convert("\\x0102ff")).isEqualTo(mode[1]);
        }
    }

    @Test
    void timeFamily() {
        ColumnConverter micro = column(ValueConverters.TIME, -1);
        assertThat(micro.schema().name()).isEqualTo("io.debezium.time.MicroTime");
        assertThat(micro.convert("07:08:09.123456")).isEqualTo(25_689_123_456L);
        ColumnConverter millis = column(ValueConverters.TIME, 3);
        assertThat(millis.schema().name()).isEqualTo("io.debezium.time.Time");
        assertThat(millis.convert("07:08:09.123")).isEqualTo(25_689_123);
        ColumnConverter zoned = column(ValueConverters.TIMETZ, -1);
        assertThat(zoned.schema().name()).isEqualTo("io.debezium.time.ZonedTime");
        assertThat(zoned.convert("07:08:09.123456+02")).isEqualTo("05:08:09.123456Z");
        assertThat(zoned.convert("23:59:59.999999-08")).isEqualTo("07:59:59.999999Z");
        TypeSettings connect = with(DecimalMode.PRECISE, TimePrecisionMode.CONNECT, BinaryMode.BYTES,
                IntervalMode.NUMERIC, HstoreMode.JSON);
        ColumnConverter connectTime = column(PgType.builtin(ValueConverters.TIME), -1, connect);
        assertThat(connectTime.schema().name()).isEqualTo(org.apache.kafka.connect.data.Time.LOGICAL_NAME);
        assertThat(connectTime.convert("00:00:01.5")).isEqualTo(new java.util.Date(1500));
        assertThat(column(PgType.builtin(ValueConverters.TIMESTAMP), -1, connect).convert("1970-01-01 00:00:02"))
                .isEqualTo(new java.util.Date(2000));
    }

    @Test
    void infinityTimestampsAsDebeziumEmitsThem() {
        assertThat(column(ValueConverters.TIMESTAMP, -1).convert("infinity")).isEqualTo(Long.MAX_VALUE);
        assertThat(column(ValueConverters.TIMESTAMP, -1).convert("-infinity")).isEqualTo(Long.MIN_VALUE);
        assertThat(column(ValueConverters.TIMESTAMP, 3).convert("infinity")).isEqualTo(9_223_372_036_825_200_000L);
        assertThat(column(ValueConverters.TIMESTAMPTZ, -1).convert("-infinity")).isEqualTo("-infinity");
    }

    @Test
    void snapshotCastsReadLikeTheOutputFunction() {
        assertThat(column(ValueConverters.BOOL, -1).convert("true")).isEqualTo(true);
        assertThat(column(ValueConverters.BPCHAR, 5 + 4).convert("ab")).isEqualTo("ab   ");
        assertThat(column(ValueConverters.INET, -1).convert("::1/128")).isEqualTo("::1");
        assertThat(column(ValueConverters.INET, -1).convert("192.168.0.1/24")).isEqualTo("192.168.0.1/24");
    }

    @Test
    void intervalAsMicroDurationOrIsoString() {
        ColumnConverter interval = column(ValueConverters.INTERVAL, -1);
        assertThat(interval.schema().name()).isEqualTo("io.debezium.time.MicroDuration");
        assertThat(interval.convert("1 year 2 mons 3 days 04:05:06.789")).isEqualTo(37_091_106_789_000L);
        assertThat(interval.convert("-1 days -02:03:04.5")).isEqualTo(-93_784_500_000L);
        TypeSettings string = with(DecimalMode.PRECISE, TimePrecisionMode.ADAPTIVE, BinaryMode.BYTES,
                IntervalMode.STRING, HstoreMode.JSON);
        assertThat(column(PgType.builtin(ValueConverters.INTERVAL), -1, string)
                .convert("1 year 2 mons 3 days 04:05:06.789")).isEqualTo("P1Y2M3DT4H5M6.789S");
    }

    @Test
    void enumsHstoreAndPoints() {
        ColumnConverter mood = column(MOOD, -1, DEFAULTS);
        assertThat(mood.schema().name()).isEqualTo("io.debezium.data.Enum");
        assertThat(mood.schema().parameters()).containsEntry("allowed", "sad,ok,happy");
        PgType hstore = new PgType(90002, "hstore", 'b', null, List.of());
        assertThat(column(hstore, -1, DEFAULTS).convert("\"k1\"=>\"v1\", \"k2\"=>NULL"))
                .isEqualTo("{\"k1\":\"v1\",\"k2\":null}");
        TypeSettings map = with(DecimalMode.PRECISE, TimePrecisionMode.ADAPTIVE, BinaryMode.BYTES,
                IntervalMode.NUMERIC, HstoreMode.MAP);
        assertThat(column(hstore, -1, map).convert("\"a\"=>\"b\"")).isEqualTo(Map.of("a", "b"));
        Struct point = (Struct) column(ValueConverters.POINT, -1).convert("(1.5,2.5)");
        assertThat(point.getFloat64("x")).isEqualTo(1.5);
        assertThat(base64(point.getBytes("wkb"))).isEqualTo("AQEAAAAAAAAAAAD4PwAAAAAAAARA");
    }

    @Test
    void arraysWithNullElements() {
        ColumnConverter ints = column(PgType.builtin(1007), -1, DEFAULTS);
        assertThat(ints.schema().valueSchema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
        assertThat(ints.convert("{NULL,-1}")).isEqualTo(java.util.Arrays.asList(null, -1));
        ColumnConverter texts = column(PgType.builtin(1009), -1, DEFAULTS);
        assertThat(texts.convert("{NULL,\"NULL\",\"x,y\",\"q\\\"t\",\"\"}"))
                .isEqualTo(java.util.Arrays.asList(null, "NULL", "x,y", "q\"t", ""));
        assertThat(texts.convert("{}")).isEqualTo(List.of());
        ColumnConverter times = column(PgType.builtin(1183), -1, DEFAULTS);
        assertThat(times.convert("{07:08:09.123456}")).isEqualTo(List.of(25_689_123_000L)); // pgjdbc's millis
        PgType moodArray = new PgType(90003, "_mood", 'b', MOOD, List.of());
        ColumnConverter moods = column(moodArray, -1, DEFAULTS);
        assertThat(moods.schema().valueSchema().isOptional()).isFalse();
        assertThat(moods.convert("{happy,sad}")).isEqualTo(List.of("happy", "sad"));
        assertThat(moods.convert("{NULL}")).isNull();
    }

    @Test
    void unchangedToastPlaceholdersPerShape() {
        String placeholder = ValueConverters.UNAVAILABLE_VALUE;
        assertThat(column(ValueConverters.TEXT, -1).unchangedToast()).isEqualTo(placeholder);
        assertThat(column(ValueConverters.JSONB, -1).unchangedToast()).isEqualTo(placeholder);
        assertThat(new String((byte[]) column(ValueConverters.BYTEA, -1).unchangedToast())).isEqualTo(placeholder);
        assertThat(column(PgType.builtin(1009), -1, DEFAULTS).unchangedToast()).isEqualTo(List.of(placeholder));
        assertThat((List<?>) column(PgType.builtin(1007), -1, DEFAULTS).unchangedToast()).hasSize(placeholder.length())
                .first().isEqualTo((int) '_');
        assertThat(column(PgType.builtin(2951), -1, DEFAULTS).unchangedToast())
                .isEqualTo(List.of(ValueConverters.placeholderUuid()));
        PgType hstore = new PgType(90002, "hstore", 'b', null, List.of());
        assertThat(column(hstore, -1, DEFAULTS).unchangedToast())
                .isEqualTo("{\"" + placeholder + "\":\"" + placeholder + "\"}");
    }

    @Test
    void literalDefaultsBecomeSchemaDefaults() {
        assertThat(withDefault(ValueConverters.INT4, -1, "42").schema().defaultValue()).isEqualTo(42);
        assertThat(withDefault(ValueConverters.NUMERIC, (10 << 16) + 3 + 4, "1.5").schema().defaultValue())
                .isEqualTo(new BigDecimal("1.500"));
        assertThat(withDefault(ValueConverters.VARCHAR, 24, "'x'::character varying").schema().defaultValue())
                .isEqualTo("x");
        assertThat(withDefault(ValueConverters.BOOL, -1, "true").schema().defaultValue()).isEqualTo(true);
        assertThat(withDefault(ValueConverters.INT4, -1, "nextval('t_id_seq'::regclass)").schema().defaultValue())
                .isEqualTo(0);
        assertThat(withDefault(ValueConverters.NUMERIC, -1, "1.5").schema().defaultValue()).isNull();
        assertThat(withDefault(ValueConverters.BYTEA, -1, "'\\x01'::bytea").schema().defaultValue()).isNull();
    }

    private static ColumnConverter withDefault(int oid, int typmod, String expression) {
        return ValueConverters.forColumn(new ColumnDefinition("c", oid, typmod, true, PgType.builtin(oid),
                expression), DEFAULTS);
    }

    @Test
    void tableSchemaLeavesOutColumnsDebeziumDoesNotMap() {
        TableSchema schema = new TableSchema("p", new TableDefinition("s", "t", List.of(
                new ColumnDefinition("id", ValueConverters.INT4, -1, false),
                new ColumnDefinition("search", 3614, -1, true),
                new ColumnDefinition("note", ValueConverters.TEXT, -1, true)), List.of("id")));
        assertThat(schema.valueSchema().fields()).extracting(f -> f.name()).containsExactly("id", "note");
        Struct row = schema.row(List.of(TupleValue.text("1"), TupleValue.text("'a'"), TupleValue.text("n")));
        assertThat(row.get("note")).isEqualTo("n");
    }
}
