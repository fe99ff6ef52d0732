package dev.tiered.connect.cdc.postgres.event;

import dev.tiered.connect.cdc.postgres.event.TypeSettings.BinaryMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.DecimalMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.TimePrecisionMode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.postgresql.util.HStoreConverter;
import org.postgresql.util.PGInterval;

/**
 * Maps PostgreSQL column types to Connect schemas and converts pgoutput's text-format values (the snapshot reads the
 * same text), as Debezium 3.x's {@code PostgresValueConverter} (on top of {@code JdbcValueConverters}) does, for every
 * type Debezium maps by default and the handling modes of {@link TypeSettings}. A type Debezium does not map (with
 * {@code include.unknown.datatypes=false}, its default) has no converter: the column is left out of the events.
 * One method per type family; {@code DebeziumSideBySideIT} compares the results with Debezium's own connector.
 */
public final class ValueConverters {

    /** Built-in type OIDs (pg_type.oid, stable across versions). */
    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int CHAR = 18;
    public static final int NAME = 19;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int OID = 26;
    public static final int JSON = 114;
    public static final int XML = 142;
    public static final int POINT = 600;
    public static final int CIDR = 650;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int MACADDR8 = 774;
    public static final int MONEY = 790;
    public static final int MACADDR = 829;
    public static final int INET = 869;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIME = 1083;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int INTERVAL = 1186;
    public static final int TIMETZ = 1266;
    public static final int BIT = 1560;
    public static final int VARBIT = 1562;
    public static final int NUMERIC = 1700;
    public static final int UUID_OID = 2950;
    /** Kept for existing callers: {@link #UUID_OID}. */
    public static final int UUID = UUID_OID;
    public static final int JSONB = 3802;

    /** Debezium's placeholder for an unchanged TOASTed value ({@code unavailable.value.placeholder}). */
    public static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

    /** The precision of time types declared without one. */
    private static final int DEFAULT_TIME_PRECISION = 6;
    /** MicroDuration's average month ({@code MicroDuration.DAYS_PER_MONTH_AVG}). */
    private static final double DAYS_PER_MONTH_AVG = 365.25 / 12.0;
    private static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    private static final Schema VARIABLE_SCALE_DECIMAL_SCHEMA = variableScaleDecimal().optional().build();

    private ValueConverters() {
    }

    /** A column's mapping before optionality, default and placeholder are applied. */
    private record Mapping(SchemaBuilder schema, Function<String, Object> fromText, Object fallback) { }

    /** Thrown by an element conversion Debezium cannot make; the whole array becomes null, as in Debezium. */
    private static final class Unconvertible extends RuntimeException {
        Unconvertible() {
            super(null, null, false, false);
        }
    }

    /** The converter of a column with Debezium's default modes. */
    public static ColumnConverter forColumn(ColumnDefinition column) {
        return forColumn(column, TypeSettings.DEFAULTS);
    }

    /**
     * The converter of a column.
     *
     * @throws IllegalArgumentException naming the column and type when Debezium does not map the type
     */
    public static ColumnConverter forColumn(ColumnDefinition column, TypeSettings settings) {
        ColumnConverter converter = find(column, settings);
        if (converter == null) {
            throw new IllegalArgumentException("column " + column.name() + " has a type (" + column.type().name()
                    + ", oid " + Integer.toUnsignedString(column.typeOid()) + ") that Debezium does not map");
        }
        return converter;
    }

    /** The converter of a column, or null when Debezium does not map its type (the column is left out). */
    public static ColumnConverter find(ColumnDefinition column, TypeSettings settings) {
        Mapping mapping = map(column.type(), column.typeModifier(), settings);
        if (mapping == null) {
            return null;
        }
        SchemaBuilder builder = mapping.schema();
        if (column.optional()) {
            builder.optional();
        }
        Object defaultValue = DefaultValues.parse(column, mapping.fromText());
        if (defaultValue != null) {
            builder.defaultValue(defaultValue);
        }
        Schema schema = builder.build();
        Function<String, Object> fromText = schema.type() == Schema.Type.STRUCT
                ? withSchema(mapping.fromText(), schema) : mapping.fromText();
        return new ColumnConverter(schema, nullOnFailure(fromText), mapping.fallback(),
                unchangedToast(column.type(), schema, settings));
    }

    /** Struct values (VariableScaleDecimal, Point) must carry the column's own schema (optional or not). */
    private static Function<String, Object> withSchema(Function<String, Object> fromText, Schema schema) {
        return text -> {
            Object value = fromText.apply(text);
            if (!(value instanceof Struct struct)) {
                return value;
            }
            Struct bound = new Struct(schema);
            for (org.apache.kafka.connect.data.Field field : schema.fields()) {
                bound.put(field, struct.get(field.name()));
            }
            return bound;
        };
    }

    private static Function<String, Object> nullOnFailure(Function<String, Object> fromText) {
        return text -> {
            try {
                return fromText.apply(text);
            } catch (Unconvertible e) {
                return null;
            }
        };
    }

    private static Mapping map(PgType type, int typmod, TypeSettings settings) {
        if (type.isArray()) {
            return array(type.element(), typmod, settings);
        }
        if (type.isEnum()) {
            return new Mapping(enumSchema(type), text -> text, "");
        }
        return switch (type.oid()) {
            // pgoutput sends t/f; the snapshot's ::text cast gives true/false
            case BOOL -> new Mapping(SchemaBuilder.bool(), text -> "t".equals(text) || "true".equals(text), false);
            case INT2 -> new Mapping(SchemaBuilder.int16(), Short::valueOf, (short) 0);
            case INT4 -> new Mapping(SchemaBuilder.int32(), Integer::valueOf, 0);
            case INT8, OID -> new Mapping(SchemaBuilder.int64(), Long::valueOf, 0L);
            case FLOAT4 -> new Mapping(SchemaBuilder.float32(), Float::valueOf, 0f);
            case FLOAT8 -> new Mapping(SchemaBuilder.float64(), Double::valueOf, 0d);
            case NUMERIC -> numeric(typmod, settings.decimal());
            case MONEY -> money(settings);
            case BIT, VARBIT -> bits(type.oid(), typmod);
            case TEXT, VARCHAR, NAME, CHAR, CIDR, MACADDR, MACADDR8 -> string(SchemaBuilder.string());
            case BPCHAR -> bpchar(typmod);
            case INET -> inet();
            case JSON, JSONB -> string(DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.JSON));
            case XML -> string(DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.XML));
            case UUID_OID -> string(DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.UUID));
            case BYTEA -> binary(settings.binary());
            case DATE -> date(settings.time());
            case TIME -> time(precision(typmod), settings.time());
            case TIMETZ -> zonedTime();
            case TIMESTAMP -> timestamp(precision(typmod), settings.time());
            case TIMESTAMPTZ -> zonedTimestamp(precision(typmod));
            case INTERVAL -> interval(settings.interval());
            case POINT -> point();
            default -> switch (type.name()) {
                case "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange" ->
                        string(SchemaBuilder.string());
                case "hstore" -> hstore(settings.hstore());
                default -> null;
            };
        };
    }

    private static int precision(int typmod) {
        return typmod < 0 ? DEFAULT_TIME_PRECISION : typmod;
    }

    private static Mapping string(SchemaBuilder schema) {
        return new Mapping(schema, text -> text, "");
    }

    /**
     * char(n) values are blank-padded to n characters, as the type's output function (pgoutput) gives them; the
     * snapshot's {@code ::text} cast strips the blanks, so they are padded again here.
     */
    private static Mapping bpchar(int typmod) {
        int length = typmod - 4;
        if (typmod < 0) {
            return string(SchemaBuilder.string());
        }
        return new Mapping(SchemaBuilder.string(), text -> text.length() >= length ? text
                : text + " ".repeat(length - text.length()), "");
    }

    /**
     * inet in its output form: a host address without its full-length netmask ({@code ::1}, not {@code ::1/128}),
     * which the snapshot's {@code ::text} cast (network_show) would add.
     */
    private static Mapping inet() {
        return new Mapping(SchemaBuilder.string(), text -> {
            boolean v6 = text.indexOf(':') >= 0;
            String fullMask = v6 ? "/128" : "/32";
            return text.endsWith(fullMask) ? text.substring(0, text.length() - fullMask.length()) : text;
        }, "");
    }

    private static SchemaBuilder enumSchema(PgType type) {
        return DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.ENUM)
                .parameter("allowed", String.join(",", type.enumLabels()));
    }

    // ------------------------------------------------------------------------------------------------ numbers

    /**
     * numeric: with a declared precision Connect's Decimal (scale from the type, {@code connect.decimal.precision});
     * without one {@code VariableScaleDecimal} {scale, value} with trailing zeros stripped. NaN and ±Infinity have no
     * decimal form: null in precise mode; string mode spells them {@code NAN}, {@code POSITIVE_INFINITY},
     * {@code NEGATIVE_INFINITY} and double mode gives the double ({@code SpecialValueDecimal}).
     */
    private static Mapping numeric(int typmod, DecimalMode mode) {
        boolean variable = typmod < 0;
        int precision = variable ? 131089 : ((typmod - 4) >> 16) & 0xffff;
        int scale = variable ? 0 : (typmod - 4) & 0xffff;
        return switch (mode) {
            case PRECISE -> variable
                    ? new Mapping(variableScaleDecimal(), text -> {
                        BigDecimal value = decimalOrNull(text);
                        if (value == null) {
                            throw new Unconvertible();
                        }
                        return variableScaleDecimalValue(value);
                    }, null)
                    : new Mapping(DebeziumTypes.decimal(precision, scale), text -> {
                        BigDecimal value = decimalOrNull(text);
                        if (value == null) {
                            throw new Unconvertible();
                        }
                        return value.setScale(scale, RoundingMode.HALF_EVEN);
                    }, BigDecimal.ZERO.setScale(scale));
            case DOUBLE -> new Mapping(SchemaBuilder.float64(), text -> {
                BigDecimal value = decimalOrNull(text);
                return value == null ? special(text).doubleValue() : value.doubleValue();
            }, 0d);
            case STRING -> new Mapping(SchemaBuilder.string(), text -> {
                BigDecimal value = decimalOrNull(text);
                if (value == null) {
                    return specialName(text);
                }
                return (variable ? value : value.setScale(scale, RoundingMode.HALF_EVEN)).toPlainString();
            }, "0");
        };
    }

    private static SchemaBuilder variableScaleDecimal() {
        return SchemaBuilder.struct().name(VARIABLE_SCALE_DECIMAL).version(1).doc("Variable scaled decimal")
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA);
    }

    private static Struct variableScaleDecimalValue(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        return new Struct(VARIABLE_SCALE_DECIMAL_SCHEMA).put("scale", stripped.scale())
                .put("value", stripped.unscaledValue().toByteArray());
    }

    private static BigDecimal decimalOrNull(String text) {
        return switch (text) {
            case "NaN", "Infinity", "-Infinity" -> null;
            default -> new BigDecimal(text);
        };
    }

    private static Double special(String text) {
        return switch (text) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    private static String specialName(String text) {
        return switch (text) {
            case "Infinity" -> "POSITIVE_INFINITY";
            case "-Infinity" -> "NEGATIVE_INFINITY";
            default -> "NAN";
        };
    }

    /**
     * money: Decimal with {@code money.fraction.digits} (2) scale and no precision parameter, double, or the plain
     * string of the amount ({@code PostgresMoney.parse}: currency symbol, parentheses and group separators removed).
     */
    private static Mapping money(TypeSettings settings) {
        int digits = settings.moneyFractionDigits();
        return switch (settings.decimal()) {
            case PRECISE -> new Mapping(Decimal.builder(digits),
                    text -> parseMoney(text).setScale(digits, RoundingMode.HALF_UP), BigDecimal.ZERO.setScale(digits));
            case DOUBLE -> new Mapping(SchemaBuilder.float64(), text -> parseMoney(text).doubleValue(),
                    BigDecimal.ZERO.setScale(digits).doubleValue());
            case STRING -> new Mapping(SchemaBuilder.string(), text -> parseMoney(text).toPlainString(),
                    BigDecimal.ZERO.setScale(digits).toString());
        };
    }

    static BigDecimal parseMoney(String text) {
        boolean negative = text.startsWith("-") || text.startsWith("(");
        StringBuilder digits = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.isDigit(c) || c == '.') {
                digits.append(c);
            }
        }
        BigDecimal amount = new BigDecimal(digits.toString());
        return negative ? amount.negate() : amount;
    }

    // ------------------------------------------------------------------------------------------------ bits, binary

    /**
     * bit(1) and varbit(1) as boolean; longer bit strings as {@code io.debezium.data.Bits} (parameter length): the bits
     * little-endian (the rightmost bit is bit 0 of byte 0), as many bytes as the highest set bit needs.
     */
    private static Mapping bits(int oid, int typmod) {
        int length = typmod >= 0 ? typmod : (oid == BIT ? 1 : Integer.MAX_VALUE);
        if (length <= 1) {
            return new Mapping(SchemaBuilder.bool(), text -> Integer.parseInt(text, 2) != 0, false);
        }
        return new Mapping(SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1)
                .parameter("length", Integer.toString(length)), ValueConverters::bitBytes, new byte[0]);
    }

    static byte[] bitBytes(String text) {
        int length = text.length();
        BitSet bits = new BitSet(length);
        for (int i = length - 1; i >= 0; i--) {
            if (text.charAt(i) == '1') {
                bits.set(length - i - 1);
            }
        }
        return bits.toByteArray();
    }

    /** bytea (text form {@code \x0102}) as bytes, or base64 / base64-url-safe / hex strings. */
    private static Mapping binary(BinaryMode mode) {
        return switch (mode) {
            case BYTES -> new Mapping(SchemaBuilder.bytes(), ValueConverters::byteaBytes, new byte[0]);
            default -> new Mapping(SchemaBuilder.string(), text -> encode(byteaBytes(text), mode), "");
        };
    }

    private static String encode(byte[] bytes, BinaryMode mode) {
        return switch (mode) {
            case BASE64 -> Base64.getEncoder().encodeToString(bytes);
            case BASE64_URL_SAFE -> Base64.getUrlEncoder().encodeToString(bytes);
            case HEX -> HexFormat.of().formatHex(bytes);
            case BYTES -> throw new IllegalArgumentException("bytes are not encoded");
        };
    }

    static byte[] byteaBytes(String text) {
        if (text.startsWith("\\x")) {
            return HexFormat.of().parseHex(text, 2, text.length());
        }
        throw new IllegalArgumentException("bytea value not in hex output format (bytea_output=hex): " + text);
    }

    // ------------------------------------------------------------------------------------------------ time

    private static Mapping date(TimePrecisionMode mode) {
        if (mode == TimePrecisionMode.CONNECT) {
            return new Mapping(org.apache.kafka.connect.data.Date.builder(),
                    text -> java.util.Date.from(PgTemporal.date(text).atStartOfDay().toInstant(ZoneOffset.UTC)),
                    new java.util.Date(0));
        }
        return new Mapping(DebeziumTypes.named(SchemaBuilder.int32(), DebeziumTypes.DATE),
                text -> (int) PgTemporal.date(text).toEpochDay(), 0);
    }

    /**
     * time: adaptive → {@code io.debezium.time.Time} (int32 millis) up to precision 3, else {@code MicroTime} (int64
     * micros); adaptive_time_microseconds → MicroTime; connect → Connect's Time (millis). 24:00:00 is a whole day.
     */
    private static Mapping time(int precision, TimePrecisionMode mode) {
        return switch (mode) {
            case CONNECT -> new Mapping(org.apache.kafka.connect.data.Time.builder(),
                    text -> new java.util.Date(microsOfDay(text) / 1000), new java.util.Date(0));
            case ADAPTIVE_TIME_MICROSECONDS -> microTime();
            case ADAPTIVE -> precision <= 3
                    ? new Mapping(DebeziumTypes.named(SchemaBuilder.int32(), "io.debezium.time.Time"),
                            text -> (int) (microsOfDay(text) / 1000), 0)
                    : microTime();
        };
    }

    private static Mapping microTime() {
        return new Mapping(DebeziumTypes.named(SchemaBuilder.int64(), "io.debezium.time.MicroTime"),
                ValueConverters::microsOfDay, 0L);
    }

    /** Micros past midnight of {@code HH:MM:SS[.ffffff]}. */
    static long microsOfDay(String text) {
        String[] parts = text.split(":");
        long hours = Long.parseLong(parts[0]);
        long minutes = Long.parseLong(parts[1]);
        BigDecimal seconds = new BigDecimal(parts[2]);
        return (hours * 3600 + minutes * 60) * 1_000_000L + seconds.movePointRight(6).longValue();
    }

    private static final DateTimeFormatter TIME_WITH_OFFSET = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss").appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .appendPattern("[XXXXX][XXX][XX][X]").toFormatter(Locale.ROOT);

    /** timetz: {@code ZonedTime}, the time moved to UTC in ISO offset-time form ({@code 05:08:09.123456Z}). */
    private static Mapping zonedTime() {
        return new Mapping(DebeziumTypes.named(SchemaBuilder.string(), "io.debezium.time.ZonedTime"),
                text -> OffsetTime.parse(text, TIME_WITH_OFFSET).withOffsetSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_OFFSET_TIME),
                OffsetTime.of(0, 0, 0, 0, ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_TIME));
    }

    /**
     * timestamp (the wall clock taken as UTC): adaptive modes → {@code Timestamp} (millis) up to precision 3, else
     * {@code MicroTimestamp}; connect → Connect's Timestamp (millis).
     */
    private static Mapping timestamp(int precision, TimePrecisionMode mode) {
        if (mode == TimePrecisionMode.CONNECT) {
            return new Mapping(org.apache.kafka.connect.data.Timestamp.builder(),
                    text -> new java.util.Date(timestampMillis(text)), new java.util.Date(0));
        }
        if (precision <= 3) {
            return new Mapping(DebeziumTypes.named(SchemaBuilder.int64(), DebeziumTypes.TIMESTAMP),
                    ValueConverters::timestampMillis, 0L);
        }
        return new Mapping(DebeziumTypes.named(SchemaBuilder.int64(), DebeziumTypes.MICRO_TIMESTAMP),
                ValueConverters::timestampMicros, 0L);
    }

    /** pgjdbc's {@code PGStatement.DATE_POSITIVE_INFINITY} and {@code DATE_NEGATIVE_INFINITY}. */
    private static final long POSITIVE_INFINITY = 9_223_372_036_825_200_000L;
    private static final long NEGATIVE_INFINITY = -9_223_372_036_832_400_000L;

    /**
     * Millis since the epoch of a timestamp's wall clock taken as UTC; {@code infinity}/{@code -infinity} are pgjdbc's
     * infinity constants, as Debezium emits them (verified side by side).
     */
    static long timestampMillis(String text) {
        return switch (text) {
            case "infinity" -> POSITIVE_INFINITY;
            case "-infinity" -> NEGATIVE_INFINITY;
            default -> utc(PgTemporal.localDateTime(text)).toEpochMilli();
        };
    }

    /**
     * Micros since the epoch of a timestamp's wall clock taken as UTC; {@code infinity} saturates to
     * {@code Long.MAX_VALUE} and {@code -infinity} to {@code Long.MIN_VALUE} in Debezium's micro conversion.
     */
    static long timestampMicros(String text) {
        return switch (text) {
            case "infinity" -> Long.MAX_VALUE;
            case "-infinity" -> Long.MIN_VALUE;
            default -> micros(utc(PgTemporal.localDateTime(text)));
        };
    }

    /**
     * timestamptz: {@code ZonedTimestamp} in UTC with exactly the column's precision of fraction digits (any mode);
     * {@code infinity} and {@code -infinity} as those words.
     */
    private static Mapping zonedTimestamp(int precision) {
        DateTimeFormatter formatter = zonedFormatter(precision);
        return new Mapping(DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.ZONED_TIMESTAMP),
                text -> text.endsWith("infinity") ? text
                        : PgTemporal.offsetDateTime(text).withOffsetSameInstant(ZoneOffset.UTC).format(formatter),
                Instant.EPOCH.atOffset(ZoneOffset.UTC).format(formatter));
    }

    /**
     * interval: {@code MicroDuration} (micros, months of 30.4375 days, computed in double as Debezium does) or
     * {@code io.debezium.time.Interval} ISO 8601 ({@code P1Y2M3DT4H5M6.789S}).
     */
    private static Mapping interval(TypeSettings.IntervalMode mode) {
        if (mode == TypeSettings.IntervalMode.STRING) {
            return new Mapping(DebeziumTypes.named(SchemaBuilder.string(), "io.debezium.time.Interval"), text -> {
                PGInterval interval = pgInterval(text);
                return "P" + interval.getYears() + "Y" + interval.getMonths() + "M" + interval.getDays() + "D" + "T"
                        + interval.getHours() + "H" + interval.getMinutes() + "M"
                        + BigDecimal.valueOf(interval.getSeconds()).stripTrailingZeros().toPlainString() + "S";
            }, "P0Y0M0DT0H0M0S");
        }
        return new Mapping(DebeziumTypes.named(SchemaBuilder.int64(), "io.debezium.time.MicroDuration"), text -> {
            PGInterval interval = pgInterval(text);
            double days = ((interval.getYears() * 12) + interval.getMonths()) * DAYS_PER_MONTH_AVG + interval.getDays();
            double seconds = (((days * 24 + interval.getHours()) * 60) + interval.getMinutes()) * 60
                    + interval.getSeconds();
            return (long) (seconds * 1e6);
        }, 0L);
    }

    private static PGInterval pgInterval(String text) {
        try {
            return new PGInterval(text);
        } catch (SQLException e) {
            throw new IllegalArgumentException("not an interval: " + text, e);
        }
    }

    /**
     * Debezium's {@code ZonedTimestamp} format: ISO offset date-time with exactly {@code precision} fraction digits
     * (ISO_OFFSET_DATE_TIME, which drops a zero fraction, when the precision is 0).
     */
    static DateTimeFormatter zonedFormatter(int precision) {
        if (precision <= 0 || precision > 9) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        }
        return new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
                .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                .appendFraction(ChronoField.NANO_OF_SECOND, precision, precision, true)
                .appendOffsetId()
                .toFormatter(Locale.ENGLISH);
    }

    private static Instant utc(LocalDateTime local) {
        return local.toInstant(ZoneOffset.UTC);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    // ------------------------------------------------------------------------------------------------ other types

    /** point: {@code io.debezium.data.geometry.Point} {x, y, wkb (little-endian WKB point), srid null}. */
    private static Mapping point() {
        SchemaBuilder builder = SchemaBuilder.struct().name("io.debezium.data.geometry.Point").version(1)
                .doc("Geometry (POINT)")
                .field("x", Schema.FLOAT64_SCHEMA).field("y", Schema.FLOAT64_SCHEMA)
                .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA).field("srid", Schema.OPTIONAL_INT32_SCHEMA);
        Schema schema = builder.build();
        return new Mapping(builder, text -> {
            String[] xy = text.substring(1, text.length() - 1).split(",");
            double x = Double.parseDouble(xy[0]);
            double y = Double.parseDouble(xy[1]);
            byte[] wkb = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1)
                    .putDouble(x).putDouble(y).array();
            return pointStruct(schema, x, y, wkb);
        }, null);
    }

    private static Struct pointStruct(Schema schema, double x, double y, byte[] wkb) {
        return new Struct(schema).put("x", x).put("y", y).put("wkb", wkb);
    }

    /** hstore: a JSON object string ({@code io.debezium.data.Json}) or a map of string to optional string. */
    private static Mapping hstore(TypeSettings.HstoreMode mode) {
        if (mode == TypeSettings.HstoreMode.MAP) {
            return new Mapping(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA),
                    HStoreConverter::fromString, Map.of());
        }
        return new Mapping(DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.JSON),
                text -> jsonObject(HStoreConverter.fromString(text)), "{}");
    }

    /** A map as Jackson's {@code JsonGenerator} writes it (compact, in the map's iteration order). */
    static String jsonObject(Map<String, String> map) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            jsonString(json, entry.getKey()).append(':');
            if (entry.getValue() == null) {
                json.append("null");
            } else {
                jsonString(json, entry.getValue());
            }
        }
        return json.append('}').toString();
    }

    private static StringBuilder jsonString(StringBuilder out, String value) {
        out.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    // ------------------------------------------------------------------------------------------------ arrays

    /**
     * Arrays of the element types Debezium maps ({@code PostgresValueConverter.schemaBuilder}'s array cases and
     * enum arrays): a Connect array of the element's schema, optional elements (enum elements are not optional, so
     * a NULL element makes the whole value null, as in Debezium). time[] elements pass through pgjdbc's
     * {@code java.sql.Time} in Debezium and so keep only milliseconds.
     */
    private static Mapping array(PgType element, int typmod, TypeSettings settings) {
        if (!arrayElementSupported(element)) {
            return null;
        }
        Mapping elementMapping = map(element, typmod, settings);
        if (elementMapping == null) {
            return null;
        }
        boolean elementOptional = !element.isEnum();
        if (elementOptional) {
            elementMapping.schema().optional();
        }
        Schema elementSchema = elementMapping.schema().build();
        Function<String, Object> elementFromText = switch (element.oid()) {
            case TIME -> text -> elementMapping.fromText().apply(millisPrecision(text));
            // pgjdbc hands Debezium NaN/Infinity elements as doubles its decimal converter rejects, in every mode
            case NUMERIC -> text -> {
                if (decimalOrNull(text) == null) {
                    throw new Unconvertible();
                }
                return elementMapping.fromText().apply(text);
            };
            default -> elementMapping.fromText();
        };
        return new Mapping(SchemaBuilder.array(elementSchema), text -> {
            List<String> items = PgArrays.parse(text);
            List<Object> values = new ArrayList<>(items.size());
            for (String item : items) {
                if (item == null && !elementOptional) {
                    throw new Unconvertible();
                }
                values.add(item == null ? null : elementFromText.apply(item));
            }
            return values;
        }, List.of());
    }

    private static String millisPrecision(String time) {
        int dot = time.indexOf('.');
        return dot < 0 || time.length() - dot <= 4 ? time : time.substring(0, dot + 4);
    }

    private static boolean arrayElementSupported(PgType element) {
        if (element.isEnum()) {
            return true;
        }
        return switch (element.oid()) {
            case MONEY, NAME, INTERVAL, VARBIT, XML, POINT, BIT -> false;
            default -> true;
        };
    }

    // ------------------------------------------------------------------------------------------------ TOAST

    /**
     * The value of an unchanged TOASTed column: Debezium substitutes a per-type placeholder object
     * ({@code UnchangedToastedPlaceholder}) and runs it through the column's converter: the placeholder string for
     * string columns, its bytes for bytea (null in the string binary modes), one-element lists for text-like, bytea
     * and uuid arrays (the uuid one a name-based UUID of the placeholder), lists of the placeholder's bytes as numbers
     * for int4/int8 arrays, a one-entry map for hstore; null where the converter cannot take the placeholder.
     */
    private static Object unchangedToast(PgType type, Schema schema, TypeSettings settings) {
        byte[] bytes = UNAVAILABLE_VALUE.getBytes(StandardCharsets.UTF_8);
        if (type.isArray()) {
            int element = type.element().oid();
            return switch (element) {
                case TEXT, VARCHAR, BPCHAR, JSON, JSONB -> List.of(UNAVAILABLE_VALUE);
                case BYTEA -> List.of(settings.binary() == BinaryMode.BYTES ? bytes : encode(bytes, settings.binary()));
                case INT4 -> placeholderNumbers(bytes, b -> (Object) (int) b);
                case INT8 -> placeholderNumbers(bytes, b -> (Object) (long) b);
                case UUID_OID -> List.of(java.util.UUID.nameUUIDFromBytes(bytes).toString());
                default -> null;
            };
        }
        if ("hstore".equals(type.name())) {
            Map<String, String> map = new java.util.HashMap<>();
            map.put(UNAVAILABLE_VALUE, UNAVAILABLE_VALUE);
            return settings.hstore() == TypeSettings.HstoreMode.MAP ? map : jsonObject(map);
        }
        if (type.oid() == BYTEA) {
            // Debezium's base64/hex converters do not take the placeholder string: null in those modes
            return settings.binary() == BinaryMode.BYTES ? bytes : null;
        }
        return schema.type() == Schema.Type.STRING && schema.name() == null || isStringPassThrough(type, schema)
                ? UNAVAILABLE_VALUE : null;
    }

    private static boolean isStringPassThrough(PgType type, Schema schema) {
        return schema.type() == Schema.Type.STRING && (type.isEnum() || switch (type.oid()) {
            case JSON, JSONB, XML, UUID_OID -> true;
            default -> false;
        });
    }

    private static List<Object> placeholderNumbers(byte[] bytes, Function<Byte, Object> number) {
        List<Object> values = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            values.add(number.apply(b));
        }
        return values;
    }

    /** A name-based UUID, exposed for tests. */
    static String placeholderUuid() {
        return java.util.UUID.nameUUIDFromBytes(UNAVAILABLE_VALUE.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
