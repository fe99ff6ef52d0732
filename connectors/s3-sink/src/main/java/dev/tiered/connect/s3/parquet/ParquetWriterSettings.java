package dev.tiered.connect.s3.parquet;

/**
 * How Parquet files are laid out and compressed.
 *
 * @param codec          page compression
 * @param rowGroupBytes  target row-group size; parquet-java buffers a whole row group in memory before it reaches the
 *                       stream, so this is also the per-open-file memory bound
 * @param pageBytes      target page size (also used as the dictionary page limit)
 * @param dictionary     dictionary encoding, which pays off for the repetitive strings of event data
 */
public record ParquetWriterSettings(ParquetCodec codec, long rowGroupBytes, int pageBytes, boolean dictionary) {

    public static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_PAGE_BYTES = 1024 * 1024;

    public static ParquetWriterSettings defaults() {
        return new ParquetWriterSettings(ParquetCodec.SNAPPY, DEFAULT_ROW_GROUP_BYTES, DEFAULT_PAGE_BYTES, true);
    }

    public ParquetWriterSettings withCodec(ParquetCodec newCodec) {
        return new ParquetWriterSettings(newCodec, rowGroupBytes, pageBytes, dictionary);
    }

    public ParquetWriterSettings withRowGroupBytes(long bytes) {
        return new ParquetWriterSettings(codec, bytes, pageBytes, dictionary);
    }
}
