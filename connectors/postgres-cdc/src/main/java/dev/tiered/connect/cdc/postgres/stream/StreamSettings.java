package dev.tiered.connect.cdc.postgres.stream;

import dev.tiered.connect.cdc.postgres.event.ColumnMapping;
import dev.tiered.connect.cdc.postgres.event.Op;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the assembler needs from the connector configuration: {@code topic.prefix} (also source.name and the offset
 * partition), {@code database.dbname} (source.db), the connector version (source.version),
 * {@code tombstones.on.delete}, {@code skipped.operations}, and how columns become fields ({@code converters},
 * {@code column.include.list}/{@code column.exclude.list}).
 */
public record StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
        Set<Op> skippedOperations, ColumnMapping columns) {

    public StreamSettings {
        skippedOperations = skippedOperations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skippedOperations));
    }

    /** Every column, mapped by the built-in converters. */
    public StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
            Set<Op> skippedOperations) {
        this(topicPrefix, database, version, tombstonesOnDelete, skippedOperations, ColumnMapping.builtIn());
    }

    /** Debezium's defaults: tombstones on, truncates skipped ({@code skipped.operations=t}). */
    public static StreamSettings defaults(String topicPrefix, String database, String version) {
        return new StreamSettings(topicPrefix, database, version, true, Set.of(Op.TRUNCATE));
    }
}
