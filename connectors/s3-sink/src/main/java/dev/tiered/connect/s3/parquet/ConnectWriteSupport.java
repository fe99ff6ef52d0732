package dev.tiered.connect.s3.parquet;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link ParquetRow}s straight from Connect data to Parquet's record consumer, with no Avro (or other object
 * model) in between: one walk of the value per record and no intermediate objects. Rows must have been validated
 * before {@link #write} (see {@link ParquetObjectWriter}), because parquet-java marks a writer aborted, and drops the
 * footer, if a write throws.
 */
final class ConnectWriteSupport extends WriteSupport<ParquetRow> {

    private final RowSchema schema;
    private final RowWriter rowWriter;
    private final Map<String, String> extraMetadata;
    private RecordConsumer consumer;

    ConnectWriteSupport(RowSchema schema, RowWriter rowWriter, Map<String, String> extraMetadata) {
        this.schema = schema;
        this.rowWriter = rowWriter;
        this.extraMetadata = extraMetadata;
    }

    /** Overridden so parquet-java never builds a Hadoop Configuration (the default converts to one). */
    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema.messageType(), extraMetadata);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema.messageType(), extraMetadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(ParquetRow row) {
        rowWriter.write(row, consumer);
    }

    @Override
    public String getName() {
        return "tiered-connect";
    }
}
