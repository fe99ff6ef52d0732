package dev.tiered.connect.cdc.postgres.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Maps PostgreSQL column types to Connect schemas and converts pgoutput's text-format values, as Debezium 3.x's
 * {@code PostgresValueConverter} (on top of {@code JdbcValueConverters}) does for the default settings:
 * {@code decimal.handling.mode=precise}, {@code time.precision.mode=adaptive}.
 */
public final class ValueConverters {

    /** Built-in type OIDs (pg_type.oid, stable across versions). */
    public static final int BOOL = 16;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int JSON = 114;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int NUMERIC = 1700;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;

    /** The precision of timestamp and timestamptz columns declared without one. */
    private static final int DEFAULT_TIME_PRECISION = 6;

    private ValueConverters() {
    }

    /**
     * The converter of a column.
     *
     * @throws IllegalArgumentException naming the column and type when the type is not supported yet
     */
    public static ColumnConverter forColumn(ColumnDefinition column) {
        ColumnConverter converter = build(column);
        if (converter == null) {
            throw new IllegalArgumentException("column " + column.name() + " has a type (oid " + column.typeOid()
                    + ") that is not supported yet");
        }
        return converter;
    }

    private static ColumnConverter build(ColumnDefinition column) {
        int typmod = column.typeModifier();
        return switch (column.typeOid()) {
            case BOOL -> of(column, SchemaBuilder.bool(), text -> "t".equals(text), false);
            case INT2 -> of(column, SchemaBuilder.int16(), Short::valueOf, (short) 0);
            case INT4 -> of(column, SchemaBuilder.int32(), Integer::valueOf, 0);
            case INT8 -> of(column, SchemaBuilder.int64(), Long::valueOf, 0L);
            case FLOAT4 -> of(column, SchemaBuilder.float32(), Float::valueOf, 0f);
            case FLOAT8 -> of(column, SchemaBuilder.float64(), Double::valueOf, 0d);
            case TEXT, VARCHAR, BPCHAR -> of(column, SchemaBuilder.string(), text -> text, "");
            case JSON, JSONB -> of(column, DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.JSON),
                    text -> text, "{}");
            case UUID -> of(column, DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.UUID), text -> text, "");
            case NUMERIC -> numeric(column, typmod);
            case DATE -> of(column, DebeziumTypes.named(SchemaBuilder.int32(), DebeziumTypes.DATE),
                    text -> (int) PgTemporal.date(text).toEpochDay(), 0);
            case TIMESTAMP -> timestamp(column, typmod < 0 ? DEFAULT_TIME_PRECISION : typmod);
            case TIMESTAMPTZ -> zonedTimestamp(column, typmod < 0 ? DEFAULT_TIME_PRECISION : typmod);
            default -> null;
        };
    }

    private static ColumnConverter numeric(ColumnDefinition column, int typmod) {
        if (typmod < 0) {
            return null; // numeric without precision: io.debezium.data.VariableScaleDecimal, a later slice
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (typmod - 4) & 0xffff;
        // NaN and +-Infinity have no Decimal representation; Debezium's precise mode emits null for them.
        return of(column, DebeziumTypes.decimal(precision, scale),
                text -> text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
                        ? new BigDecimal(text).setScale(scale) : null,
                BigDecimal.ZERO.setScale(scale));
    }

    private static ColumnConverter timestamp(ColumnDefinition column, int precision) {
        if (precision <= 3) {
            return of(column, DebeziumTypes.named(SchemaBuilder.int64(), DebeziumTypes.TIMESTAMP),
                    text -> utc(PgTemporal.localDateTime(text)).toEpochMilli(), 0L);
        }
        return of(column, DebeziumTypes.named(SchemaBuilder.int64(), DebeziumTypes.MICRO_TIMESTAMP),
                text -> micros(utc(PgTemporal.localDateTime(text))), 0L);
    }

    private static ColumnConverter zonedTimestamp(ColumnDefinition column, int precision) {
        DateTimeFormatter formatter = zonedFormatter(precision);
        return of(column, DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.ZONED_TIMESTAMP),
                text -> PgTemporal.offsetDateTime(text).withOffsetSameInstant(ZoneOffset.UTC).format(formatter),
                Instant.EPOCH.atOffset(ZoneOffset.UTC).format(formatter));
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

    private static ColumnConverter of(ColumnDefinition column, SchemaBuilder builder,
            java.util.function.Function<String, Object> fromText, Object fallback) {
        if (column.optional()) {
            builder.optional();
        }
        return new ColumnConverter(builder.build(), fromText, fallback);
    }
}
