package dev.tiered.connect.cdc.postgres.event;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The envelope's optional {@code transaction} block ({@code event.block} version 1, Debezium's
 * {@code TransactionStructMaker}); null unless {@code provide.transaction.metadata} is on.
 */
public final class TransactionBlock {

    public static final Schema SCHEMA = SchemaBuilder.struct()
            .name("event.block")
            .version(1)
            .optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    private TransactionBlock() {
    }
}
