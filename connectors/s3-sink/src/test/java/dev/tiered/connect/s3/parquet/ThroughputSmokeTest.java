package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.datagen.ReferenceEventGenerator;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Not a benchmark (the bench module is the place for that): a smoke check that conversion plus Parquet encoding of
 * reference events runs far above the sink's per-task target, printed for a rough idea.
 */
class ThroughputSmokeTest {

    static final int RECORDS = 30_000;

    @Test
    void schemalessAndStructEventsConvertAndEncodeQuickly() throws Exception {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(1).task(0).build();
        List<SinkRecord> maps = new ArrayList<>(RECORDS);
        List<SinkRecord> structs = new ArrayList<>(RECORDS);
        for (long seq = 0; seq < RECORDS; seq++) {
            maps.add(Rows.record(null, generator.generate(seq).toMap()));
            Struct struct = generator.generate(seq).toStruct();
            structs.add(Rows.record(struct.schema(), struct));
        }
        run("schemaless", maps);
        run("schemaless", maps);
        run("struct", structs);
        double perSecond = run("struct", structs);
        assertThat(perSecond).isGreaterThan(5_000);
    }

    private static double run(String label, List<SinkRecord> records) throws Exception {
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        long start = System.nanoTime();
        ParquetObjectWriter writer = null;
        long files = 0;
        for (SinkRecord record : records) {
            ParquetRow row = converter.convert(record, writer == null ? null : writer.schema());
            if (writer != null && !row.schema().sameAs(writer.schema())) {
                writer.finish();
                writer = null;
            }
            if (writer == null) {
                writer = ParquetObjectWriter.open(OutputStream.nullOutputStream(), row.schema(),
                        ParquetWriterSettings.defaults());
                files++;
            }
            writer.write(row);
        }
        writer.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = records.size() / seconds;
        System.out.printf("%s: %d records in %.2f s = %.0f records/s (snappy, %d file(s))%n", label,
                records.size(), seconds, perSecond, files);
        return perSecond;
    }
}
