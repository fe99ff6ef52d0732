package dev.tiered.connect.s3.parquet;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Runs inside a class loader that hides org.apache.hadoop (see {@link HadoopFreeWriteTest}). */
public final class HadoopFreeWriteProbe {

    private HadoopFreeWriteProbe() {}

    public static boolean hadoopVisible() {
        try {
            Class.forName("org.apache.hadoop.conf.Configuration");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** One file per {@link ParquetCodec}, in declaration order, each holding ids 0..99 and names. */
    public static byte[][] writeEveryCodec() throws Exception {
        Schema value = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .build();
        RowSchema rowSchema = new RowSchema(value, ConnectParquetSchema.convert(value, "m"), null);
        ParquetCodec[] codecs = ParquetCodec.values();
        byte[][] files = new byte[codecs.length][];
        for (int c = 0; c < codecs.length; c++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ParquetObjectWriter writer = ParquetObjectWriter.open(out, rowSchema,
                    ParquetWriterSettings.defaults().withCodec(codecs[c]))) {
                for (long i = 0; i < 100; i++) {
                    writer.write(new ParquetRow(rowSchema, new Object[] {i, "name-" + (i % 7)}));
                }
            }
            files[c] = out.toByteArray();
        }
        return files;
    }

    /** parquet-java's own codec factory: the message of the error, or "ok". */
    public static String writeWithStockCodecFactory(String codec) {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 id; }");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new StreamOutputFile(new ByteArrayOutputStream()))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.valueOf(codec))
                .build()) {
            writer.write(new SimpleGroupFactory(schema).newGroup().append("id", 1L));
            return "ok";
        } catch (Throwable e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
