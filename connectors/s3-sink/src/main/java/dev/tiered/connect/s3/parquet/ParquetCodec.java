package dev.tiered.connect.s3.parquet;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The compression codecs the sink offers for {@code parquet.codec}; all work without Hadoop. */
public enum ParquetCodec {
    SNAPPY(CompressionCodecName.SNAPPY),
    ZSTD(CompressionCodecName.ZSTD),
    GZIP(CompressionCodecName.GZIP),
    NONE(CompressionCodecName.UNCOMPRESSED);

    private final CompressionCodecName parquetName;

    ParquetCodec(CompressionCodecName parquetName) {
        this.parquetName = parquetName;
    }

    public CompressionCodecName parquetName() {
        return parquetName;
    }

    /** The lower-case name used in configuration ({@code snappy}, {@code zstd}, {@code gzip}, {@code none}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ParquetCodec fromConfig(String value) {
        for (ParquetCodec codec : values()) {
            if (codec.configName().equalsIgnoreCase(value.trim())) {
                return codec;
            }
        }
        throw new IllegalArgumentException("Unknown Parquet codec '" + value + "'");
    }
}
