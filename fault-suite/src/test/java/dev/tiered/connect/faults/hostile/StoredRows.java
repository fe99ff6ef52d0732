package dev.tiered.connect.faults.hostile;

import dev.tiered.connect.testkit.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * What the sink stored, read back with parquet-java: every data object under a prefix and, per row, the columns the
 * test checks ({@code id}, {@code _kafka_topic}, {@code _kafka_offset}, {@code _kafka_key}, the {@code _kafka_headers} map), plus the
 * length of one text column for the 10 MB records.
 */
public final class StoredRows {

    /** One row: the object it is in, and its columns of interest (null where absent). */
    public record Row(String objectKey, String topic, long offset, String id, String key,
                      Map<String, String> headers, int blobLength, int columns) {
    }

    private StoredRows() {
    }

    /** Keys of the data objects under {@code prefix} (no commit markers, no staging objects). */
    public static List<String> dataKeys(S3TestServer s3, String bucket, String prefix) {
        return s3.keys(bucket, prefix).stream()
                .filter(key -> key.endsWith(".parquet") && !key.contains("/_tiered/")).toList();
    }

    public static List<Row> read(S3TestServer s3, String bucket, List<String> keys) {
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            rows.addAll(read(key, s3.get(bucket, key)));
        }
        return rows;
    }

    private static List<Row> read(String objectKey, byte[] bytes) {
        List<Row> rows = new ArrayList<>();
        try {
            Path file = Files.createTempFile("hostile", ".parquet");
            try {
                Files.write(file, bytes);
                try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
                    MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                    MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
                    for (PageReadStore pages = reader.readNextRowGroup(); pages != null;
                            pages = reader.readNextRowGroup()) {
                        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                        for (long i = 0; i < pages.getRowCount(); i++) {
                            rows.add(row(objectKey, records.read(), schema.getFieldCount()));
                        }
                    }
                }
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + objectKey, e);
        }
        return rows;
    }

    private static Row row(String objectKey, Group group, int columns) {
        Map<String, String> headers = new HashMap<>();
        if (present(group, "_kafka_headers")) {
            Group map = group.getGroup("_kafka_headers", 0);
            for (int i = 0; i < map.getFieldRepetitionCount(0); i++) {
                Group entry = map.getGroup(0, i);
                headers.put(entry.getString("key", 0), present(entry, "value") ? entry.getString("value", 0) : null);
            }
        }
        return new Row(objectKey, text(group, "_kafka_topic"), group.getLong("_kafka_offset", 0), text(group, "id"), text(group, "_kafka_key"),
                headers, present(group, "blob") ? group.getBinary("blob", 0).length() : -1, columns);
    }

    private static String text(Group group, String field) {
        return present(group, field) ? group.getString(field, 0) : null;
    }

    private static boolean present(Group group, String field) {
        return group.getType().containsField(field) && group.getFieldRepetitionCount(field) > 0;
    }
}
