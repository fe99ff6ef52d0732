package dev.tiered.connect.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;

import dev.tiered.connect.bench.EventFixture.ValueType;
import dev.tiered.connect.s3.parquet.HadoopFreeCodecFactory;
import dev.tiered.connect.s3.parquet.ParquetFormatConfig;
import dev.tiered.connect.s3.parquet.ParquetObjectWriter;
import dev.tiered.connect.s3.parquet.ParquetRow;
import dev.tiered.connect.s3.parquet.ParquetWriterSettings;
import dev.tiered.connect.s3.parquet.StreamOutputFile;
import dev.tiered.connect.s3.parquet.RecordRowConverter;
import dev.tiered.connect.s3.parquet.RowSchema;

/**
 * The four ways {@link ParquetWriteBenchmark} turns the fixture's records into one Parquet file: the S3 sink's own
 * WriteSupport (through its public API: {@link RecordRowConverter} and {@link ParquetObjectWriter}, configured by
 * {@link ParquetFormatConfig} exactly as the connector reads its config) on three value shapes, and parquet-avro's
 * {@link AvroParquetWriter} fed by {@link ConnectAvro}. All four use the sink's defaults: snappy through the sink's
 * {@link HadoopFreeCodecFactory}, 64 MiB row groups, 1 MiB pages, dictionary encoding, no Kafka metadata columns.
 */
public final class ParquetWriters {

    /** The fields {@code direct-json} copies into typed columns next to the JSON text. */
    public static final String JSON_EXTRACT_FIELDS = "event_id,event_time,event_type";

    private static final HadoopFreeCodecFactory CODECS = new HadoopFreeCodecFactory();

    private ParquetWriters() {
    }

    /** What is written, from which records. */
    public enum Variant {
        /** Schemaless Map values (JsonConverter, schemas.enable=false), columns mode: one inferred column per field. */
        DIRECT_MAP("direct-map", ValueType.MAP),
        /** Struct values of ReferenceEventSchema.VALUE_SCHEMA, columns mode: the schema's columns. */
        DIRECT_STRUCT("direct-struct", ValueType.STRUCT),
        /** Schemaless Map values, value.format.mode=json: three extracted columns plus the value as JSON text. */
        DIRECT_JSON("direct-json", ValueType.MAP),
        /** The same Structs as DIRECT_STRUCT, converted to Avro GenericRecords and written by AvroParquetWriter. */
        AVRO_STRUCT("avro-struct", ValueType.STRUCT);

        private final String label;
        private final ValueType valueType;

        Variant(String label, ValueType valueType) {
            this.label = label;
            this.valueType = valueType;
        }

        public String label() {
            return label;
        }

        public ValueType valueType() {
            return valueType;
        }

        /**
         * A writer of whole files of (a prefix of) {@code records}, set up once as a task sets up its converter.
         * The records are only read here to settle the inferred schema of the schemaless variants (see
         * {@link Direct}).
         */
        public FileWriter newWriter(SinkRecord[] records) {
            return switch (this) {
                case DIRECT_MAP, DIRECT_STRUCT -> new Direct(Map.of(), records);
                case DIRECT_JSON -> new Direct(Map.of(
                        ParquetFormatConfig.VALUE_FORMAT_MODE, "json",
                        ParquetFormatConfig.JSON_EXTRACT_FIELDS, JSON_EXTRACT_FIELDS), records);
                case AVRO_STRUCT -> new Avro(records);
            };
        }
    }

    /** Writes records as one Parquet file. */
    public interface FileWriter {
        /**
         * Writes {@code records} as one Parquet file to {@code out}, closes it and returns its size in bytes.
         *
         * @throws IllegalStateException if the records would not fit one file (a schema change)
         */
        long write(SinkRecord[] records, OutputStream out) throws IOException;
    }

    /** The fixture's records of one value type as a sink task gets them: partition 0, offsets 0, 1, 2, ... */
    public static SinkRecord[] sinkRecords(EventFixture fixture, ValueType type) {
        SourceRecord[] source = fixture.records(type);
        SinkRecord[] sink = new SinkRecord[source.length];
        for (int i = 0; i < source.length; i++) {
            SourceRecord r = source[i];
            sink[i] = new SinkRecord(r.topic(), 0, r.keySchema(), r.key(), r.valueSchema(), r.value(), i,
                    r.timestamp(), TimestampType.CREATE_TIME, r.headers());
        }
        return sink;
    }

    /** The sink's Parquet format settings from connector properties, through the connector's own ConfigDef. */
    public static ParquetFormatConfig formatConfig(Map<String, String> props) {
        ConfigDef def = ParquetFormatConfig.addTo(new ConfigDef(), "Parquet");
        return new ParquetFormatConfig(new AbstractConfig(def, props));
    }

    /**
     * The S3 sink's path, as its TopicPartitionWriter drives it: convert each record with the open file's schema, and
     * write the row. For schemaless values the file's schema is inferred and widened as new fields appear, which in
     * the sink rolls the file; to measure one file of the steady state, the widening is done once here over all the
     * records and every file opens with the widened schema, so each record is still checked against it (the
     * per-record inference cost) but none needs a new file.
     */
    static final class Direct implements FileWriter {
        private final RecordRowConverter converter;
        private final ParquetWriterSettings settings;
        private final RowSchema fileSchema;

        Direct(Map<String, String> props, SinkRecord[] records) {
            ParquetFormatConfig config = formatConfig(props);
            converter = new RecordRowConverter(config.conversionOptions());
            settings = config.writerSettings();
            RowSchema schema = null;
            for (SinkRecord record : records) {
                schema = converter.convert(record, schema).schema();
            }
            fileSchema = schema;
        }

        @Override
        public long write(SinkRecord[] records, OutputStream out) throws IOException {
            try (ParquetObjectWriter file = ParquetObjectWriter.open(out, fileSchema, settings)) {
                for (SinkRecord record : records) {
                    ParquetRow row = converter.convert(record, fileSchema);
                    if (!row.schema().sameAs(fileSchema)) {
                        throw new IllegalStateException("Record " + record.kafkaOffset() + " needs another schema");
                    }
                    file.write(row);
                }
                return file.finish();
            }
        }
    }

    /**
     * parquet-avro: each Struct converted to a GenericRecord ({@link ConnectAvro}, schema converted once) and written
     * by {@link AvroParquetWriter} with the sink's codec factory and settings, 3-level lists like the sink's.
     */
    static final class Avro implements FileWriter {
        private final ConnectAvro avro;
        private final ParquetWriterSettings settings = formatConfig(Map.of()).writerSettings();

        Avro(SinkRecord[] records) {
            avro = new ConnectAvro(records[0].valueSchema());
        }

        @Override
        public long write(SinkRecord[] records, OutputStream out) throws IOException {
            PlainParquetConfiguration conf = new PlainParquetConfiguration();
            conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
            StreamOutputFile file = new StreamOutputFile(out);
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(file)
                    .withSchema(avro.avroSchema())
                    .withDataModel(GenericData.get())
                    .withConf(conf)
                    .withCodecFactory(CODECS)
                    .withCompressionCodec(settings.codec().parquetName())
                    .withRowGroupSize(settings.rowGroupBytes())
                    .withPageSize(settings.pageBytes())
                    .withDictionaryPageSize(settings.pageBytes())
                    .withDictionaryEncoding(settings.dictionary())
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .build()) {
                for (SinkRecord record : records) {
                    writer.write(avro.toAvro((Struct) record.value()));
                }
            }
            return file.bytesWritten();
        }
    }


    /** Counts and drops the bytes: the benchmark measures encoding, not where the bytes go. */
    public static final class DiscardingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }

        public long count() {
            return count;
        }
    }
}
