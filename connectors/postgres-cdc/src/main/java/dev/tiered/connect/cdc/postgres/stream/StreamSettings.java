package dev.tiered.connect.cdc.postgres.stream;

import dev.tiered.connect.cdc.postgres.event.ColumnMapping;
import dev.tiered.connect.cdc.postgres.event.Op;
import dev.tiered.connect.cdc.postgres.event.TypeSettings;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the assembler needs from the connector configuration: {@code topic.prefix} (also source.name and the offset
 * partition), {@code database.dbname} (source.db), the connector version (source.version),
 * {@code tombstones.on.delete}, {@code skipped.operations}, how columns become fields ({@code converters},
 * {@code column.include.list}/{@code column.exclude.list}) and the type-handling modes.
 */
public record StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
        Set<Op> skippedOperations, ColumnMapping columns, TypeSettings types) {

    public StreamSettings {
        skippedOperations = skippedOperations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skippedOperations));
        columns = columns == null ? ColumnMapping.builtIn() : columns;
        types = types == null ? TypeSettings.DEFAULTS : types;
    }

    /** Every column, mapped by the built-in converters with Debezium's default type-handling modes. */
    public StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
            Set<Op> skippedOperations) {
        this(topicPrefix, database, version, tombstonesOnDelete, skippedOperations, ColumnMapping.builtIn(),
                TypeSettings.DEFAULTS);
    }

    /** With the type-handling modes of {@code types}, every column mapped by the built-in converters. */
    public StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
            Set<Op> skippedOperations, TypeSettings types) {
        this(topicPrefix, database, version, tombstonesOnDelete, skippedOperations, ColumnMapping.builtIn(), types);
    }

    /** With the column filter and custom converters of {@code columns}, default type-handling modes. */
    public StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
            Set<Op> skippedOperations, ColumnMapping columns) {
        this(topicPrefix, database, version, tombstonesOnDelete, skippedOperations, columns, TypeSettings.DEFAULTS);
    }

    /** Debezium's defaults: tombstones on, truncates skipped ({@code skipped.operations=t}). */
    public static StreamSettings defaults(String topicPrefix, String database, String version) {
        return new StreamSettings(topicPrefix, database, version, true, Set.of(Op.TRUNCATE));
    }
}
