package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file size the task reads after each record: exact in small files, at most a few records old in big ones. */
class ParquetObjectWriterSizeTest {

    @Test
    void refreshesTheSizeEveryRecordThenEverySoManyRecords() throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        RowSchema schema = converter.convert(Rows.record(null, row(0)), null).schema();
        ParquetObjectWriter writer = ParquetObjectWriter.open(new ByteArrayOutputStream(), schema,
                ParquetWriterSettings.defaults());
        long previous = writer.estimatedSize();
        int total = ParquetObjectWriter.EXACT_SIZE_RECORDS + 4 * ParquetObjectWriter.SIZE_REFRESH_RECORDS;
        int changes = 0;
        for (int i = 1; i <= total; i++) {
            writer.write(converter.convert(Rows.record(null, row(i)), schema));
            long size = writer.estimatedSize();
            assertThat(size).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(writer.bytesWritten());
            if (i > ParquetObjectWriter.EXACT_SIZE_RECORDS) {
                if (size != previous) {
                    changes++;
                    assertThat(i % ParquetObjectWriter.SIZE_REFRESH_RECORDS).as("refreshed at record %d", i).isZero();
                }
            }
            previous = size;
        }
        assertThat(changes).as("the size still follows the file").isEqualTo(4);
        long finalSize = writer.finish();
        assertThat(writer.estimatedSize()).isEqualTo(finalSize);
    }

    private static Map<String, Object> row(int i) {
        return Map.of("n", (long) i, "text", "value number " + i + " of a file that keeps growing");
    }
}
