package dev.tiered.connect.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.s3.parquet.HadoopFreeCodecFactory;
import dev.tiered.connect.s3.parquet.ParquetObjectWriter;
import dev.tiered.connect.s3.parquet.ParquetRow;
import dev.tiered.connect.s3.parquet.ParquetWriterSettings;
import dev.tiered.connect.s3.parquet.RecordRowConverter;
import dev.tiered.connect.s3.parquet.RowConversionOptions;
import dev.tiered.connect.s3.storage.RequestCounter.Request;
import dev.tiered.connect.testkit.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Parquet file streamed through {@link ParquetObjectWriter} into an {@link S3ObjectOutputStream} reads back. */
class S3ParquetUploadIT {

    static final S3TestServer SERVER = S3TestServer.shared();

    @Test
    void parquetFileStreamedAsMultipartUploadReadsBack(@TempDir Path dir) throws Exception {
        String bucket = SERVER.createBucket("parquet");
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("payload", Schema.STRING_SCHEMA)
                .build();
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        Random random = new Random(42);
        int rows = 60_000;
        CountingRequestCounter counter = new CountingRequestCounter();
        try (S3ClientFactory.S3Clients clients = S3ClientFactory.create(S3StorageConfig.of(Map.of(
                "s3.bucket.name", bucket, "store.url", SERVER.endpoint().toString(), "s3.region", SERVER.region(),
                "s3.path.style.access.enabled", "true", "s3.credentials.provider", "static",
                "aws.access.key.id", SERVER.accessKey(), "aws.secret.access.key", SERVER.secretKey())))) {
            S3ObjectOutputStream out = S3ObjectOutputStream.builder(clients.s3(), bucket, "t/part-0.parquet")
                    .partSize(S3StorageConfig.MIN_PART_SIZE).requestCounter(counter).ifNoneMatch(true).build();
            ParquetRow first = null;
            ParquetObjectWriter writer = null;
            for (int i = 0; i < rows; i++) {
                byte[] bytes = new byte[75];
                random.nextBytes(bytes);
                Struct value = new Struct(schema).put("id", (long) i)
                        .put("payload", java.util.Base64.getEncoder().encodeToString(bytes));
                ParquetRow row = converter.convert(new SinkRecord("t", 0, null, null, schema, value, i),
                        first == null ? null : first.schema());
                if (writer == null) {
                    first = row;
                    writer = ParquetObjectWriter.open(out, row.schema(), ParquetWriterSettings.defaults());
                }
                writer.write(row);
            }
            writer.close();
            out.close();
        }
        assertThat(counter.requests(Request.UPLOAD_PART)).isGreaterThanOrEqualTo(2);
        assertThat(counter.requests(Request.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);
        assertThat(counter.requests(Request.PUT_OBJECT)).isZero();

        Path file = dir.resolve("read.parquet");
        Files.write(file, SERVER.get(bucket, "t/part-0.parquet"));
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new HadoopFreeCodecFactory()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            assertThat(reader.getRecordCount()).isEqualTo(rows);
            org.apache.parquet.schema.MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(fileSchema.containsField("id")).isTrue();
            assertThat(fileSchema.containsField("payload")).isTrue();
        }
    }
}
