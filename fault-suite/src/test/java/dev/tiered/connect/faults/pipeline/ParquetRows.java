package dev.tiered.connect.faults.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the rows of an uncompressed Parquet object held in memory with parquet-java's own reader (a minimal copy of
 * the s3-sink tests' ParquetTestFiles: the suite cannot depend on that module's test classes).
 */
public final class ParquetRows {

    private ParquetRows() {
    }

    /** Every row of the Parquet file {@code bytes}. */
    public static List<Group> read(byte[] bytes) throws IOException {
        List<Group> rows = new ArrayList<>();
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(inputFile(bytes), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
        }
        return rows;
    }

    /** The string column {@code field} of {@code row}, or null if absent. */
    public static String string(Group row, String field) {
        return has(row, field) ? row.getString(field, 0) : null;
    }

    /** The long column {@code field} of {@code row}, or null if absent. */
    public static Long int64(Group row, String field) {
        return has(row, field) ? row.getLong(field, 0) : null;
    }

    /** The int column {@code field} of {@code row}, or null if absent. */
    public static Integer int32(Group row, String field) {
        return has(row, field) ? row.getInteger(field, 0) : null;
    }

    private static boolean has(Group row, String field) {
        return row.getType().containsField(field) && row.getFieldRepetitionCount(field) > 0;
    }

    private static InputFile inputFile(byte[] bytes) {
        return new InputFile() {
            @Override
            public long getLength() {
                return bytes.length;
            }

            @Override
            public SeekableInputStream newStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(bytes);
                return new DelegatingSeekableInputStream(in) {
                    private long pos;

                    @Override
                    public long getPos() {
                        return pos;
                    }

                    @Override
                    public void seek(long newPos) {
                        in.reset();
                        in.skip(newPos);
                        pos = newPos;
                    }

                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            pos++;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            pos += n;
                        }
                        return n;
                    }

                    @Override
                    public void readFully(byte[] b, int off, int len) throws IOException {
                        super.readFully(b, off, len);
                        pos += len;
                    }

                    @Override
                    public void readFully(byte[] b) throws IOException {
                        readFully(b, 0, b.length);
                    }

                    @Override
                    public int read(java.nio.ByteBuffer buf) throws IOException {
                        int n = super.read(buf);
                        if (n > 0) {
                            pos += n;
                        }
                        return n;
                    }

                    @Override
                    public void readFully(java.nio.ByteBuffer buf) throws IOException {
                        int n = buf.remaining();
                        super.readFully(buf);
                        pos += n;
                    }
                };
            }
        };
    }
}
