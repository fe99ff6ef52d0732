package dev.tiered.connect.cdc.postgres.event;

import java.util.Locale;

/**
 * Debezium's type-handling options, which change column schemas and values: {@code decimal.handling.mode},
 * {@code time.precision.mode}, {@code binary.handling.mode}, {@code interval.handling.mode},
 * {@code hstore.handling.mode} and {@code money.fraction.digits}. {@link #DEFAULTS} are Debezium's defaults.
 */
public record TypeSettings(DecimalMode decimal, TimePrecisionMode time, BinaryMode binary, IntervalMode interval,
        HstoreMode hstore, int moneyFractionDigits) {

    public static final TypeSettings DEFAULTS = new TypeSettings(DecimalMode.PRECISE, TimePrecisionMode.ADAPTIVE,
            BinaryMode.BYTES, IntervalMode.NUMERIC, HstoreMode.JSON, 2);

    /** {@code decimal.handling.mode}: numeric and money as Connect Decimal, double, or plain string. */
    public enum DecimalMode { PRECISE, DOUBLE, STRING }

    /** {@code time.precision.mode}: Debezium's time types by column precision, micro time, or Connect's types. */
    public enum TimePrecisionMode { ADAPTIVE, ADAPTIVE_TIME_MICROSECONDS, CONNECT }

    /** {@code binary.handling.mode}: bytea as bytes or an encoded string. */
    public enum BinaryMode { BYTES, BASE64, BASE64_URL_SAFE, HEX }

    /** {@code interval.handling.mode}: MicroDuration (micros, 30.4375-day months) or an ISO 8601 string. */
    public enum IntervalMode { NUMERIC, STRING }

    /** {@code hstore.handling.mode}: a JSON string or a Connect map. */
    public enum HstoreMode { JSON, MAP }

    /** The enum constant of a config value as Debezium spells it ({@code base64-url-safe}, {@code adaptive}). */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    }
}
