package dev.tiered.connect.s3.parquet;

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
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/** Reads Parquet bytes back with parquet-java's own reader, without Hadoop. */
public final class ParquetTestFiles {

    private ParquetTestFiles() {}

    public static InputFile inputFile(byte[] bytes) {
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

    public static ParquetFileReader open(byte[] bytes) throws IOException {
        return open(bytes, new HadoopFreeCodecFactory());
    }

    public static ParquetFileReader open(byte[] bytes, org.apache.parquet.compression.CompressionCodecFactory codecs)
            throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(codecs)
                .build();
        return ParquetFileReader.open(inputFile(bytes), options);
    }

    public static ParquetMetadata footer(byte[] bytes) throws IOException {
        try (ParquetFileReader reader = open(bytes)) {
            return reader.getFooter();
        }
    }

    public static MessageType schema(byte[] bytes) throws IOException {
        return footer(bytes).getFileMetaData().getSchema();
    }

    public static List<Group> readAll(byte[] bytes) throws IOException {
        return readAll(bytes, new HadoopFreeCodecFactory());
    }

    public static List<Group> readAll(byte[] bytes, org.apache.parquet.compression.CompressionCodecFactory codecs)
            throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetFileReader reader = open(bytes, codecs)) {
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
}
