package dev.tiered.connect.s3.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop. parquet-hadoop's own {@code CodecFactory} routes every codec except
 * UNCOMPRESSED through Hadoop's {@code CompressionCodec}/{@code CodecPool}, which are not on a Connect worker's
 * classpath (hadoop-common is only a provided dependency of parquet-hadoop). Parquet pages are compressed as one
 * block each, so calling snappy-java, zstd-jni and java.util.zip directly produces the same bytes readers expect:
 * raw Snappy block, a Zstandard frame, and a gzip member respectively.
 */
public final class HadoopFreeCodecFactory implements CompressionCodecFactory {

    /** zstd level 3 is the library and parquet-java default: a good ratio at a few hundred MB/s per core. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    private final int zstdLevel;

    public HadoopFreeCodecFactory() {
        this(DEFAULT_ZSTD_LEVEL);
    }

    public HadoopFreeCodecFactory(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Compressor(codec, bytes -> bytes);
            case SNAPPY -> new Compressor(codec, Snappy::compress);
            case ZSTD -> new Compressor(codec, bytes -> Zstd.compress(bytes, zstdLevel));
            case GZIP -> new Compressor(codec, HadoopFreeCodecFactory::gzip);
            default -> throw new IllegalArgumentException("Codec " + codec + " is not supported by the sink");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Decompressor((bytes, size) -> bytes);
            case SNAPPY -> new Decompressor((bytes, size) -> Snappy.uncompress(bytes));
            case ZSTD -> new Decompressor((bytes, size) -> Zstd.decompress(bytes, size));
            case GZIP -> new Decompressor(HadoopFreeCodecFactory::gunzip);
            default -> throw new IllegalArgumentException("Codec " + codec + " is not supported by the sink");
        };
    }

    @Override
    public void release() {
        // Nothing pooled: the codecs are stateless calls.
    }

    private static byte[] gzip(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(input);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] input, int uncompressedSize) throws IOException {
        byte[] out = new byte[uncompressedSize];
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(input))) {
            int read = in.readNBytes(out, 0, uncompressedSize);
            if (read != uncompressedSize) {
                throw new IOException("gzip page decompressed to " + read + " bytes, expected " + uncompressedSize);
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface BlockCodec {
        byte[] apply(byte[] input) throws IOException;
    }

    @FunctionalInterface
    private interface BlockDecodec {
        byte[] apply(byte[] input, int uncompressedSize) throws IOException;
    }

    private static final class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;
        private final BlockCodec block;

        Compressor(CompressionCodecName codec, BlockCodec block) {
            this.codec = codec;
            this.block = block;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(block.apply(bytes.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {}
    }

    private static final class Decompressor implements BytesInputDecompressor {
        private final BlockDecodec block;

        Decompressor(BlockDecodec block) {
            this.block = block;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(block.apply(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(block.apply(in, uncompressedSize));
        }

        @Override
        public void release() {}
    }
}
