package dev.tiered.connect.cdc.postgres.event;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The semantic schema names Debezium 3.x gives column values (io.debezium.time.*, io.debezium.data.*) and their
 * builders. Names and versions as in Debezium's debezium-connector-common {@code io.debezium.time}/{@code
 * io.debezium.data} classes.
 */
public final class DebeziumTypes {

    public static final String DATE = "io.debezium.time.Date";
    public static final String TIMESTAMP = "io.debezium.time.Timestamp";
    public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    public static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    public static final String UUID = "io.debezium.data.Uuid";
    public static final String JSON = "io.debezium.data.Json";
    public static final String ENUM = "io.debezium.data.Enum";
    public static final String XML = "io.debezium.data.Xml";
    /** Connect's decimal precision parameter, which Debezium adds to {@link Decimal}. */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";

    private DebeziumTypes() {
    }

    static SchemaBuilder named(SchemaBuilder builder, String name) {
        return builder.name(name).version(1);
    }

    static SchemaBuilder decimal(int precision, int scale) {
        return Decimal.builder(scale).parameter(DECIMAL_PRECISION, Integer.toString(precision));
    }
}
