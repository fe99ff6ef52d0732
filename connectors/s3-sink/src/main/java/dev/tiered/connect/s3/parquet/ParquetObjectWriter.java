package dev.tiered.connect.s3.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;

/**
 * Writes one Parquet file (one S3 object) of rows sharing a {@link RowSchema} to an {@link OutputStream}. Bytes reach
 * the stream a row group at a time, so a multipart upload can send parts while the file grows; memory stays bounded by
 * the row-group size. Uses no Hadoop class at run time (see {@link HadoopFreeCodecFactory}). Not thread-safe.
 *
 * <p>A {@link RecordConversionException} from {@link #write} leaves the file intact. An {@link IOException} (the
 * stream failed) does not: parquet-java then marks the writer aborted and will not write a footer, so discard the
 * object (abort the upload) and write its records again.
 */
public final class ParquetObjectWriter implements Closeable {

    private static final HadoopFreeCodecFactory CODECS = new HadoopFreeCodecFactory();
    /** Files up to this many records get their size from parquet-java after every record. */
    static final int EXACT_SIZE_RECORDS = 1024;
    /** Beyond that, the size is asked for every this many records (and is at most this many records old). */
    static final int SIZE_REFRESH_RECORDS = 32;

    private final RowSchema schema;
    private final StreamOutputFile file;
    private final RowWriter rowWriter = new RowWriter();
    private final ParquetWriter<ParquetRow> writer;
    private long records;
    private long dataSize = -1;
    private boolean closed;

    private ParquetObjectWriter(OutputStream out, RowSchema schema, ParquetWriterSettings settings,
                                Map<String, String> extraMetadata) throws IOException {
        this.schema = schema;
        this.file = new StreamOutputFile(out);
        this.writer = new Builder(file, new ConnectWriteSupport(schema, rowWriter, extraMetadata))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(CODECS)
                .withCompressionCodec(settings.codec().parquetName())
                .withRowGroupSize(settings.rowGroupBytes())
                .withPageSize(settings.pageBytes())
                .withDictionaryPageSize(settings.pageBytes())
                .withDictionaryEncoding(settings.dictionary())
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build();
    }

    /** Starts a file on {@code out}; the stream is closed by {@link #close()}. */
    public static ParquetObjectWriter open(OutputStream out, RowSchema schema, ParquetWriterSettings settings)
            throws IOException {
        return new ParquetObjectWriter(out, schema, settings, Map.of());
    }

    /** As {@link #open(OutputStream, RowSchema, ParquetWriterSettings)}, with key/value pairs for the footer. */
    public static ParquetObjectWriter open(OutputStream out, RowSchema schema, ParquetWriterSettings settings,
                                           Map<String, String> footerMetadata) throws IOException {
        return new ParquetObjectWriter(out, schema, settings, Map.copyOf(footerMetadata));
    }

    public RowSchema schema() {
        return schema;
    }

    /**
     * Appends a row. The row is checked completely before any of it is written, so a {@link RecordConversionException}
     * leaves the file as it was and writing can go on with the next record.
     *
     * @throws IllegalArgumentException if the row has another schema: the caller must roll to a new file
     */
    public void write(ParquetRow row) throws IOException {
        if (closed) {
            throw new IllegalStateException("Parquet file already closed");
        }
        if (!row.schema().sameAs(schema)) {
            throw new IllegalArgumentException("Row schema differs from the file's: start a new file");
        }
        if (!row.checked()) {
            rowWriter.validate(row);
        }
        writer.write(row);
        records++;
        if (records <= EXACT_SIZE_RECORDS || records % SIZE_REFRESH_RECORDS == 0) {
            dataSize = -1;
        }
    }

    public long recordCount() {
        return records;
    }

    /** Bytes the file would have if closed now: what reached the stream plus what is buffered (compressed estimate). */
    public long estimatedSize() {
        return closed ? file.bytesWritten() : Math.max(dataSize(), file.bytesWritten());
    }

    /** Bytes held in memory for the current row group, i.e. not yet handed to the stream. */
    public long bufferedBytes() {
        return closed ? 0 : Math.max(0, dataSize() - file.bytesWritten());
    }

    /**
     * parquet-java's size of the file so far. Asking costs a sum over every column's buffers (~1.5 µs a record for the
     * reference events, 5% of a sink task's CPU), and the task asks for the size and the buffered bytes after each
     * record; so it is asked once per record for the first {@value #EXACT_SIZE_RECORDS} records, then once every
     * {@value #SIZE_REFRESH_RECORDS}: {@code flush.size.bytes} and the memory budget see a size at most that many
     * records old, a few KB against limits of MBs.
     */
    private long dataSize() {
        if (dataSize < 0) {
            dataSize = writer.getDataSize();
        }
        return dataSize;
    }

    /** Bytes already handed to the stream. */
    public long bytesWritten() {
        return file.bytesWritten();
    }

    /** Writes the last row group and the footer, closes the stream and returns the file's size in bytes. */
    @Override
    public void close() throws IOException {
        finish();
    }

    /** As {@link #close()}, returning the final byte count. */
    public long finish() throws IOException {
        if (!closed) {
            closed = true;
            writer.close();
        }
        return file.bytesWritten();
    }

    private static final class Builder extends ParquetWriter.Builder<ParquetRow, Builder> {
        private final WriteSupport<ParquetRow> writeSupport;

        Builder(StreamOutputFile file, WriteSupport<ParquetRow> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ParquetRow> getWriteSupport(ParquetConfiguration conf) {
            return writeSupport;
        }

        @Override
        protected WriteSupport<ParquetRow> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }
}
