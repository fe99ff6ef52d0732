package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.datagen.ReferenceEventGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** 1,000 of the pack's reference events (~1 KB each as JSON) must shrink well below their raw size. */
class CompressionTest {

    static final int EVENTS = 1_000;

    static List<Map<String, Object>> events() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(1).task(0).build();
        List<Map<String, Object>> events = new ArrayList<>();
        for (long seq = 0; seq < EVENTS; seq++) {
            events.add(generator.generate(seq).toMap());
        }
        return events;
    }

    static long rawJsonBytes(List<Map<String, Object>> events) {
        JsonText json = new JsonText();
        long total = 0;
        for (Map<String, Object> event : events) {
            total += json.toJson(event).getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    @ParameterizedTest
    @EnumSource(ParquetCodec.class)
    void schemalessEventsCompressWellInColumnsMode(ParquetCodec codec) throws Exception {
        List<Map<String, Object>> events = events();
        long raw = rawJsonBytes(events);
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        byte[] file = writeAll(converter, events, codec);
        assertThat(ParquetTestFiles.readAll(file)).hasSize(EVENTS);
        assertThat(ParquetTestFiles.footer(file).getBlocks().get(0).getColumns())
                .extracting(ColumnChunkMetaData::getCodec).containsOnly(codec.parquetName());
        double ratio = (double) file.length / raw;
        System.out.printf("columns mode, %s: %d raw JSON bytes -> %d Parquet bytes (%.1f%%)%n",
                codec.configName(), raw, file.length, 100 * ratio);
        assertThat(raw / EVENTS).as("events are realistic, ~1 KB").isBetween(400L, 3000L);
        assertThat(ratio).isLessThan(codec == ParquetCodec.NONE ? 0.8 : 0.4);
    }

    @Test
    void jsonModeCompressesToo() throws Exception {
        List<Map<String, Object>> events = events();
        long raw = rawJsonBytes(events);
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns()
                .withJson("payload", List.of("event_id", "event_time", "event_type")));
        byte[] file = writeAll(converter, events, ParquetCodec.ZSTD);
        List<Group> rows = ParquetTestFiles.readAll(file);
        assertThat(rows).hasSize(EVENTS);
        assertThat(rows.get(0).getString("event_id", 0)).isEqualTo(events.get(0).get("event_id").toString());
        System.out.printf("json mode, zstd: %d raw JSON bytes -> %d Parquet bytes%n", raw, file.length);
        assertThat((double) file.length / raw).isLessThan(0.4);
    }

    @Test
    void structEventsRoundTrip() throws Exception {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(1).task(0).build();
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        List<SinkRecord> records = new ArrayList<>();
        for (long seq = 0; seq < 50; seq++) {
            Struct struct = generator.generate(seq).toStruct();
            records.add(Rows.record(struct.schema(), struct));
        }
        List<Group> rows = ParquetTestFiles.readAll(Rows.writeRecords(converter, records));
        assertThat(rows).hasSize(50);
        assertThat(rows.get(7).getString("event_id", 0))
                .isEqualTo(((Struct) records.get(7).value()).get("event_id").toString());
    }

    @Test
    void reportsSizesWhileWritingAndTheFinalByteCount() throws Exception {
        List<Map<String, Object>> events = events();
        RecordRowConverter converter = new RecordRowConverter(RowConversionOptions.columns());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowSchema schema = null;
        for (Map<String, Object> event : events) {
            schema = converter.convert(Rows.record(null, event), schema).schema();
        }
        ParquetWriterSettings small = ParquetWriterSettings.defaults().withRowGroupBytes(64 * 1024);
        ParquetObjectWriter writer = ParquetObjectWriter.open(out, schema, small);
        for (Map<String, Object> event : events) {
            writer.write(converter.convert(Rows.record(null, event), schema));
            assertThat(writer.estimatedSize()).isGreaterThanOrEqualTo(writer.bytesWritten());
        }
        assertThat(writer.recordCount()).isEqualTo(EVENTS);
        assertThat(writer.bytesWritten()).as("row groups stream out before close").isGreaterThan(4);
        assertThat(writer.bufferedBytes()).isLessThan(writer.estimatedSize());
        long records = writer.recordCount();
        long size = writer.finish();
        assertThat(size).isEqualTo(out.size());
        assertThat(ParquetTestFiles.readAll(out.toByteArray())).hasSize((int) records);
        assertThat(ParquetTestFiles.footer(out.toByteArray()).getBlocks().size()).isGreaterThan(1);
    }

    private static byte[] writeAll(RecordRowConverter converter, List<Map<String, Object>> events,
                                   ParquetCodec codec) throws Exception {
        // Widen over all events first so one file holds them all (the task instead rolls files on widening).
        RowSchema schema = null;
        for (Map<String, Object> event : events) {
            schema = converter.convert(Rows.record(null, event), schema).schema();
        }
        List<ParquetRow> rows = new ArrayList<>();
        for (Map<String, Object> event : events) {
            ParquetRow row = converter.convert(Rows.record(null, event), schema);
            assertThat(row.schema()).isSameAs(schema);
            rows.add(row);
        }
        return Rows.write(rows, ParquetWriterSettings.defaults().withCodec(codec));
    }
}
