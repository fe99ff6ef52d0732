package dev.tiered.connect.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/** Reads the Parquet files the sink wrote: row counts for the report, schema and first rows for {@code inspect}. */
final class ParquetFiles {

    private ParquetFiles() {
    }

    static long rows(Path file) {
        try (ParquetFileReader reader = open(file)) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Prints the file's schema, codec and row count, then its first {@code limit} rows. */
    static void inspect(Path file, int limit, PrintStream out) {
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            out.println(file);
            out.printf("%,d rows in %d row group(s), codec %s, created by %s%n", reader.getRecordCount(),
                    reader.getRowGroups().size(),
                    reader.getRowGroups().isEmpty() ? "-" : reader.getRowGroups().get(0).getColumns().get(0).getCodec(),
                    reader.getFooter().getFileMetaData().getCreatedBy());
            out.println();
            out.print(schema);
            out.println();
            int printed = 0;
            PageReadStore pages;
            while (printed < limit && (pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount() && printed < limit; i++, printed++) {
                    out.println("--- row " + (printed + 1));
                    out.print(records.read());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Parquet file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    }
}
