package dev.tiered.connect.s3.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/** Test helpers: convert records and write them to an in-memory Parquet file. */
final class Rows {

    private Rows() {}

    static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("events", 3, Schema.STRING_SCHEMA, "k-1", schema, value, 42L, 1_700_000_000_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    static byte[] write(List<ParquetRow> rows, ParquetWriterSettings settings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParquetObjectWriter writer = ParquetObjectWriter.open(out, rows.get(0).schema(), settings)) {
            for (ParquetRow row : rows) {
                writer.write(row);
            }
        }
        return out.toByteArray();
    }

    static byte[] write(List<ParquetRow> rows) throws IOException {
        return write(rows, ParquetWriterSettings.defaults());
    }

    static byte[] writeRecords(RecordRowConverter converter, List<SinkRecord> records) throws IOException {
        RowSchema schema = null;
        List<ParquetRow> rows = new java.util.ArrayList<>();
        for (SinkRecord record : records) {
            ParquetRow row = converter.convert(record, schema);
            schema = row.schema();
            rows.add(row);
        }
        return write(rows);
    }
}
