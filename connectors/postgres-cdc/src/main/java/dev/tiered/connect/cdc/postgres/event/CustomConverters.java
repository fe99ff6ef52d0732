package dev.tiered.connect.cdc.postgres.event;

import dev.tiered.connect.cdc.postgres.catalog.CatalogColumn;
import io.debezium.spi.converter.ConvertedField;
import io.debezium.spi.converter.CustomConverter;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Debezium's custom converter SPI ({@link CustomConverter}), configured as Debezium's
 * {@code CustomConverterServiceProvider} does: {@code converters=a,b}, {@code a.type=<class>}, and every
 * {@code a.<option>} passed to {@code configure} as {@code <option>} (the {@code type} key included).
 *
 * <p>As Debezium's {@code CustomConverterRegistry.registerConverterFor} (called by {@code TableSchemaBuilder.addField}
 * for each key column and each value column the column filter keeps, whenever a table's schema is built): the
 * converters are asked in configuration order and the first one that registers wins; its {@link SchemaBuilder} is made
 * optional when the column is nullable, and its {@link CustomConverter.Converter} replaces the built-in conversion for
 * every value of the column, SQL null included (no fallback: the converter decides what null becomes).
 *
 * <p>The value {@code convert} receives is what Debezium's pgoutput decoder produces for streamed changes
 * ({@code ReplicationMessageColumnValueResolver} over {@code PgOutputColumnValue}), used by us for snapshot rows as
 * well: bool → {@link Boolean}; int2, int4 → {@link Integer}; int8, oid → {@link Long}; float4 → {@link Float};
 * float8 → {@link Double}; numeric → {@link BigDecimal} (Debezium: its {@code SpecialValueDecimal}; NaN and infinities
 * come as their text); date → {@link java.time.LocalDate}; timestamp → {@link java.time.Instant} (wall clock read as
 * UTC); timestamptz → {@link java.time.OffsetDateTime} at UTC; bytea → {@code byte[]}; every other type (text,
 * varchar, bpchar, json, jsonb, uuid, time, timetz, enums, ...) → the {@link String} PostgreSQL prints. Debezium's
 * own snapshot passes pgjdbc's {@code getObject} values instead (e.g. {@link java.sql.Timestamp}); converters written
 * for Debezium handle both.
 */
public final class CustomConverters {

    public static final String CONVERTERS_CONFIG = "converters";
    static final String TYPE_SUFFIX = ".type";

    private final List<CustomConverter<SchemaBuilder, ConvertedField>> converters;

    private CustomConverters(List<CustomConverter<SchemaBuilder, ConvertedField>> converters) {
        this.converters = List.copyOf(converters);
    }

    public static CustomConverters none() {
        return new CustomConverters(List.of());
    }

    /**
     * Instantiates and configures the converters the connector configuration names.
     *
     * @throws IllegalArgumentException naming the key when a converter's class is missing or not a CustomConverter
     */
    @SuppressWarnings("unchecked")
    public static CustomConverters fromConfig(Map<String, ?> originals) {
        List<CustomConverter<SchemaBuilder, ConvertedField>> loaded = new ArrayList<>();
        for (String name : names(originals)) {
            String className = className(originals, name);
            CustomConverter<SchemaBuilder, ConvertedField> converter;
            try {
                converter = Utils.newInstance(className, CustomConverter.class);
            } catch (ClassNotFoundException | RuntimeException e) {
                throw new IllegalArgumentException(name + TYPE_SUFFIX + "=" + className + " cannot be instantiated as"
                        + " a " + CustomConverter.class.getName() + ": " + e.getMessage(), e);
            }
            converter.configure(options(originals, name));
            loaded.add(converter);
        }
        return new CustomConverters(loaded);
    }

    /**
     * The problem with the {@code converters} configuration, if any: a name without {@code <name>.type}, or a class
     * that cannot be loaded or is not a {@link CustomConverter}. Does not instantiate the converters.
     */
    public static Optional<String> problem(Map<String, ?> originals) {
        for (String name : names(originals)) {
            Object className = originals.get(name + TYPE_SUFFIX);
            if (className == null || className.toString().isBlank()) {
                return Optional.of("names converter '" + name + "' but " + name + TYPE_SUFFIX
                        + " (its class) is not set");
            }
            try {
                Class<?> type = Utils.loadClass(className.toString().trim(), Object.class);
                if (!CustomConverter.class.isAssignableFrom(type)) {
                    return Optional.of(name + TYPE_SUFFIX + "=" + className + " is not a "
                            + CustomConverter.class.getName());
                }
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.of(name + TYPE_SUFFIX + "=" + className + ": class not found");
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return converters.isEmpty();
    }

    /**
     * The converter the first custom converter registers for the column, or empty when none does.
     *
     * @param catalog the column as the catalog describes it, or null when unknown (type name, default)
     */
    public Optional<ColumnConverter> converterFor(String schema, String table, ColumnDefinition column,
            CatalogColumn catalog) {
        if (converters.isEmpty()) {
            return Optional.empty();
        }
        PgRelationalColumn field = PgRelationalColumn.of(schema, table, column, catalog);
        for (CustomConverter<SchemaBuilder, ConvertedField> converter : converters) {
            AtomicReference<SchemaBuilder> registeredSchema = new AtomicReference<>();
            AtomicReference<CustomConverter.Converter> registeredConverter = new AtomicReference<>();
            converter.converterFor(field, (fieldSchema, valueConverter) -> {
                registeredSchema.set(fieldSchema);
                registeredConverter.set(valueConverter);
            });
            if (registeredSchema.get() != null) {
                SchemaBuilder builder = registeredSchema.get();
                if (column.optional()) {
                    builder.optional();
                }
                Schema fieldSchema = builder.build();
                CustomConverter.Converter valueConverter = registeredConverter.get();
                int oid = column.typeOid();
                return Optional.of(ColumnConverter.passingNull(fieldSchema,
                        text -> valueConverter.convert(text == null ? null : streamedValue(oid, text))));
            }
        }
        return Optional.empty();
    }

    /** Debezium's pgoutput value of a text-format column value (see the class comment). */
    static Object streamedValue(int typeOid, String text) {
        return switch (typeOid) {
            // "t" from pgoutput; "true" from the snapshot's ::text cast (bool's cast to text differs from its output)
            case ValueConverters.BOOL -> "t".equalsIgnoreCase(text) || "true".equalsIgnoreCase(text);
            case ValueConverters.INT2, ValueConverters.INT4 -> Integer.valueOf(text);
            case ValueConverters.INT8, OID -> Long.valueOf(text);
            case ValueConverters.FLOAT4 -> Float.valueOf(text);
            case ValueConverters.FLOAT8 -> Double.valueOf(text);
            case ValueConverters.NUMERIC -> isFinite(text) ? new BigDecimal(text) : text;
            case ValueConverters.DATE -> isFinite(text) ? PgTemporal.date(text) : text;
            case ValueConverters.TIMESTAMP -> isFinite(text)
                    ? PgTemporal.localDateTime(text).toInstant(ZoneOffset.UTC) : text;
            case ValueConverters.TIMESTAMPTZ -> isFinite(text)
                    ? PgTemporal.offsetDateTime(text).withOffsetSameInstant(ZoneOffset.UTC) : text;
            case BYTEA -> text.startsWith("\\x") ? HexFormat.of().parseHex(text, 2, text.length()) : text;
            default -> text;
        };
    }

    private static final int BYTEA = 17;
    private static final int OID = 26;

    private static boolean isFinite(String text) {
        return !text.endsWith("infinity") && !"NaN".equals(text);
    }

    private static List<String> names(Map<String, ?> originals) {
        Object value = originals.get(CONVERTERS_CONFIG);
        if (value == null) {
            return List.of();
        }
        String joined = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : value.toString();
        List<String> names = new ArrayList<>();
        for (String name : joined.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static String className(Map<String, ?> originals, String name) {
        Object className = originals.get(name + TYPE_SUFFIX);
        if (className == null || className.toString().isBlank()) {
            throw new IllegalArgumentException(name + TYPE_SUFFIX + " is not set");
        }
        return className.toString().trim();
    }

    /** Debezium's {@code configuration.subset(name, true)}: the {@code <name>.} keys with that prefix removed. */
    static Properties options(Map<String, ?> originals, String name) {
        Properties options = new Properties();
        String prefix = name + ".";
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix) && value != null) {
                options.setProperty(key.substring(prefix.length()), value.toString());
            }
        });
        return options;
    }
}
