package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tiered.connect.bench.EventFixture.ValueType;
import dev.tiered.connect.bench.ParquetWriters.Variant;
import dev.tiered.connect.datagen.ReferenceEventSchema;
import dev.tiered.connect.s3.parquet.HadoopFreeCodecFactory;

/**
 * The benchmark compares like with like: every variant's file, read back with parquet-java, holds all the fixture's
 * events, and the direct and parquet-avro files of the same Structs hold the same Parquet columns with the same
 * values, with the same codec and one row group each.
 */
class ParquetWriteAgreementTest {

    @TempDir
    static Path dir;

    private static final EventFixture FIXTURE = EventFixture.standard();
    private static Map<Variant, Path> files;

    @BeforeAll
    static void writeEveryVariant() throws IOException {
        files = new java.util.EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            SinkRecord[] records = ParquetWriters.sinkRecords(FIXTURE, variant.valueType());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long size = variant.newWriter(records).write(records, out);
            assertThat(size).as(variant.label()).isEqualTo(out.size());
            Path file = dir.resolve(variant.label() + ".parquet");
            Files.write(file, out.toByteArray());
            files.put(variant, file);
        }
    }

    @Test
    void everyFileHoldsEveryEventInOneSnappyRowGroup() throws IOException {
        for (Variant variant : Variant.values()) {
            ParquetMetadata footer = footer(files.get(variant));
            assertThat(footer.getBlocks()).as(variant.label()).hasSize(1);
            BlockMetaData block = footer.getBlocks().get(0);
            assertThat(block.getRowCount()).as(variant.label()).isEqualTo(FIXTURE.size());
            assertThat(block.getColumns()).as(variant.label())
                    .allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.SNAPPY));
            List<Group> rows = readAll(files.get(variant));
            assertThat(rows).as(variant.label()).hasSize(FIXTURE.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).getString("event_id", 0)).as(variant.label() + " row " + i)
                        .isEqualTo(FIXTURE.event(i).get("event_id"));
            }
        }
    }

    @Test
    void directAndAvroFilesOfTheStructsHaveTheSameColumns() throws IOException {
        MessageType direct = footer(files.get(Variant.DIRECT_STRUCT)).getFileMetaData().getSchema();
        MessageType avro = footer(files.get(Variant.AVRO_STRUCT)).getFileMetaData().getSchema();
        assertThat(columns(avro)).isEqualTo(columns(direct));
    }

    @Test
    void directAndAvroFilesOfTheStructsHoldTheSameValues() throws IOException {
        List<Group> direct = readAll(files.get(Variant.DIRECT_STRUCT));
        List<Group> avro = readAll(files.get(Variant.AVRO_STRUCT));
        assertThat(avro).hasSameSizeAs(direct).hasSize(FIXTURE.size());
        SinkRecord[] records = ParquetWriters.sinkRecords(FIXTURE, ValueType.STRUCT);
        int payments = 0;
        int frauds = 0;
        for (int i = 0; i < direct.size(); i++) {
            Group d = direct.get(i);
            Group a = avro.get(i);
            Struct source = (Struct) records[i].value();
            String at = "row " + i;
            assertThat(a.getString("event_id", 0)).as(at).isEqualTo(d.getString("event_id", 0))
                    .isEqualTo(source.getString(ReferenceEventSchema.EVENT_ID));
            assertThat(a.getLong("event_time", 0)).as(at).isEqualTo(d.getLong("event_time", 0))
                    .isEqualTo(((java.util.Date) source.get(ReferenceEventSchema.EVENT_TIME)).getTime());
            assertThat(a.getString("event_type", 0)).as(at).isEqualTo(d.getString("event_type", 0));
            assertThat(a.getDouble("priority", 0)).as(at).isEqualTo(d.getDouble("priority", 0));
            assertThat(a.getString("user_id", 0)).as(at).isEqualTo(d.getString("user_id", 0));
            Group dp = d.getGroup("payload", 0);
            Group ap = a.getGroup("payload", 0);
            assertThat(ap.getGroup("geo", 0).getString("country", 0)).as(at)
                    .isEqualTo(dp.getGroup("geo", 0).getString("country", 0));
            assertThat(ap.getGroup("metrics", 0).getInteger("page_load_ms", 0)).as(at)
                    .isEqualTo(dp.getGroup("metrics", 0).getInteger("page_load_ms", 0));
            assertThat(optionalString(ap.getGroup("page", 0), "referrer")).as(at)
                    .isEqualTo(optionalString(dp.getGroup("page", 0), "referrer"));
            assertThat(ap.getFieldRepetitionCount("payment")).as(at).isEqualTo(dp.getFieldRepetitionCount("payment"));
            if (dp.getFieldRepetitionCount("payment") > 0) {
                payments++;
                assertThat(ap.getGroup("payment", 0).getDouble("amount", 0)).as(at)
                        .isEqualTo(dp.getGroup("payment", 0).getDouble("amount", 0));
            }
            assertThat(ap.getFieldRepetitionCount("fraud")).as(at).isEqualTo(dp.getFieldRepetitionCount("fraud"));
            if (dp.getFieldRepetitionCount("fraud") > 0) {
                frauds++;
                assertThat(reasons(ap.getGroup("fraud", 0))).as(at).isEqualTo(reasons(dp.getGroup("fraud", 0)))
                        .isNotEmpty();
            }
        }
        assertThat(payments).isPositive();
        assertThat(frauds).isPositive();
    }

    private static String optionalString(Group group, String field) {
        return group.getFieldRepetitionCount(field) == 0 ? null : group.getString(field, 0);
    }

    /** A 3-level LIST of strings: reasons.list[].element. */
    private static List<String> reasons(Group fraud) {
        Group list = fraud.getGroup("reasons", 0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
            out.add(list.getGroup("list", i).getString("element", 0));
        }
        return out;
    }

    /** Column paths with their physical and logical types and repetition. */
    private static List<String> columns(MessageType schema) {
        return schema.getColumns().stream().map(ParquetWriteAgreementTest::describe).collect(Collectors.toList());
    }

    private static String describe(ColumnDescriptor column) {
        return String.join(".", column.getPath()) + " " + column.getPrimitiveType().getRepetition() + " "
                + column.getPrimitiveType().getPrimitiveTypeName() + " "
                + column.getPrimitiveType().getLogicalTypeAnnotation() + " r" + column.getMaxRepetitionLevel()
                + " d" + column.getMaxDefinitionLevel();
    }

    private static ParquetFileReader open(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new HadoopFreeCodecFactory())
                .build();
        return ParquetFileReader.open(new LocalInputFile(file), options);
    }

    private static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            return reader.getFooter();
        }
    }

    private static List<Group> readAll(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetFileReader reader = open(file)) {
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
