package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pages written by {@link HadoopFreeCodecFactory} decode with an independent implementation (aircompressor, the pure
 * Java codecs Trino uses; the JDK's gzip), so the files are not only readable by ourselves.
 */
class IndependentDecoderTest {

    @ParameterizedTest
    @EnumSource(ParquetCodec.class)
    void filesDecodeWithAnotherImplementation(ParquetCodec codec) throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        List<ParquetRow> rows = new java.util.ArrayList<>();
        RowSchema schema = null;
        for (int i = 0; i < 500; i++) {
            ParquetRow row = converter.convert(Rows.record(null, Map.of("id", (long) i, "kind", "kind-" + (i % 5),
                    "text", "some fairly repetitive text " + i)), schema);
            schema = row.schema();
            rows.add(row);
        }
        byte[] file = Rows.write(rows, ParquetWriterSettings.defaults().withCodec(codec));
        List<Group> read = ParquetTestFiles.readAll(file, new OtherDecoders());
        assertThat(read).hasSize(500);
        assertThat(read.get(499).getLong("id", 0)).isEqualTo(499L);
        assertThat(read.get(499).getString("text", 0)).isEqualTo("some fairly repetitive text 499");
    }

    private static final class OtherDecoders implements CompressionCodecFactory {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
            return switch (codecName) {
                case UNCOMPRESSED -> decoder((in, size) -> in);
                case SNAPPY -> decoder((in, size) -> air(new SnappyDecompressor(), in, size));
                case ZSTD -> decoder((in, size) -> air(new ZstdDecompressor(), in, size));
                case GZIP -> decoder((in, size) -> {
                    try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
                        return gz.readAllBytes();
                    }
                });
                default -> throw new IllegalArgumentException(codecName.name());
            };
        }

        @Override
        public void release() {}

        private static byte[] air(Decompressor decompressor, byte[] in, int size) {
            byte[] out = new byte[size];
            int n = decompressor.decompress(in, 0, in.length, out, 0, size);
            assertThat(n).isEqualTo(size);
            return out;
        }

        interface Decode {
            byte[] apply(byte[] in, int size) throws IOException;
        }

        private static BytesInputDecompressor decoder(Decode decode) {
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                    return BytesInput.from(decode.apply(bytes.toByteArray(), uncompressedSize));
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size)
                        throws IOException {
                    byte[] in = new byte[compressedSize];
                    input.get(in);
                    output.put(decode.apply(in, size));
                }

                @Override
                public void release() {}
            };
        }
    }
}
