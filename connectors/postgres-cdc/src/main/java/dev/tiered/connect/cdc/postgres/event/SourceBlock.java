package dev.tiered.connect.cdc.postgres.event;

import java.time.Instant;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The {@code source} block, {@code io.debezium.connector.postgresql.Source}, as Debezium 3.7's
 * {@code AbstractSourceInfoStructMaker.commonSchemaBuilder} and {@code PostgresSourceInfoStructMaker} build it
 * (3.3 lacks the trailing origin and origin_lsn).
 */
public final class SourceBlock {

    public static final String CONNECTOR = "postgresql";
    public static final String SNAPSHOT_ALLOWED =
            "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental";

    public static final Schema SNAPSHOT_SCHEMA = DebeziumTypes.named(SchemaBuilder.string(), DebeziumTypes.ENUM)
            .parameter("allowed", SNAPSHOT_ALLOWED)
            .defaultValue("false")
            .optional()
            .build();

    public static final Schema SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.Source")
            .version(1)
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SNAPSHOT_SCHEMA)
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
            .field("origin", Schema.OPTIONAL_STRING_SCHEMA)
            .field("origin_lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private SourceBlock() {
    }

    public static Struct struct(SourceInfo info) {
        Instant ts = info.commitTime();
        long micros = Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000L);
        return new Struct(SCHEMA)
                .put("version", info.version())
                .put("connector", CONNECTOR)
                .put("name", info.serverName())
                .put("ts_ms", Math.floorDiv(micros, 1_000L))
                .put("snapshot", info.snapshot().value())
                .put("db", info.database())
                .put("sequence", sequence(info.lastCommitLsn(), info.lsn()))
                .put("ts_us", micros)
                .put("ts_ns", Math.multiplyExact(micros, 1_000L))
                .put("schema", info.schema())
                .put("table", info.table())
                .put("txId", info.txId())
                .put("lsn", info.lsn())
                .put("xmin", info.xmin())
                .put("origin", info.origin())
                .put("origin_lsn", info.originLsn());
    }

    /** Debezium's {@code SourceInfo.sequence()}: a JSON array of the last commit LSN and the LSN, as decimal strings. */
    static String sequence(Long lastCommitLsn, Long lsn) {
        return "[" + quoted(lastCommitLsn) + "," + quoted(lsn) + "]";
    }

    private static String quoted(Long lsn) {
        return lsn == null ? "null" : "\"" + Long.toUnsignedString(lsn) + "\"";
    }
}
