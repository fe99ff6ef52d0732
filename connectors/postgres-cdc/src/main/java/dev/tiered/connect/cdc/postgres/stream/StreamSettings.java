package dev.tiered.connect.cdc.postgres.stream;

import dev.tiered.connect.cdc.postgres.event.Op;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the assembler needs from the connector configuration: {@code topic.prefix} (also source.name and the offset
 * partition), {@code database.dbname} (source.db), the connector version (source.version),
 * {@code tombstones.on.delete} and {@code skipped.operations}.
 */
public record StreamSettings(String topicPrefix, String database, String version, boolean tombstonesOnDelete,
        Set<Op> skippedOperations) {

    public StreamSettings {
        skippedOperations = skippedOperations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skippedOperations));
    }

    /** Debezium's defaults: tombstones on, truncates skipped ({@code skipped.operations=t}). */
    public static StreamSettings defaults(String topicPrefix, String database, String version) {
        return new StreamSettings(topicPrefix, database, version, true, Set.of(Op.TRUNCATE));
    }
}
