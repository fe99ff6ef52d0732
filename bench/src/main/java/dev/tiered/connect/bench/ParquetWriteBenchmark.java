package dev.tiered.connect.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.tiered.connect.bench.ParquetWriters.DiscardingStream;
import dev.tiered.connect.bench.ParquetWriters.FileWriter;
import dev.tiered.connect.bench.ParquetWriters.Variant;

/**
 * Cost per record of turning the reference events into a Parquet file in memory: the S3 sink's direct
 * WriteSupport from Connect data ({@code direct-*}) against parquet-avro's AvroParquetWriter fed with the same
 * Structs converted to Avro GenericRecords ({@code avro-struct}). See {@link ParquetWriters} for the four variants.
 *
 * <p>Every operation writes one whole file of the {@value EventFixture#SIZE} fixture records (conversion of each
 * record, encoding, snappy compression, one row group and the footer) to a stream that counts and drops the bytes;
 * {@link OperationsPerInvocation} makes the reported time per record. Each state prints, once, the file's size per
 * record ({@code bytes/record}).
 *
 * <p>{@link Counters} adds, per iteration, the benchmark thread's CPU time, the records and the bytes written, as JMH
 * secondary results ({@code cpuNanos}, {@code records}, {@code fileBytes}): on a shared machine the wall-clock time
 * per record includes time the thread waited for a core, its CPU time per record ({@code cpuNanos / records}) does
 * not, and {@code fileBytes / records} is the output's size per record.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParquetWriteBenchmark} (see bench/README.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParquetWriteBenchmark {

    /** One variant: its records and its writer, set up (and its output checked) before measurement. */
    public abstract static class Case {
        /**
         * How many fixture records each file holds: all {@value EventFixture#SIZE}. The smoke test sets the system
         * property to write tiny files; the reported time per record is then meaningless (it divides by
         * {@value EventFixture#SIZE}), which the smoke test does not look at.
         */
        static final String RECORDS_PROPERTY = "bench.parquet.records";

        private SinkRecord[] input;
        private FileWriter writer;
        private long fileBytes;

        abstract Variant variant();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            SinkRecord[] all = ParquetWriters.sinkRecords(EventFixture.standard(), variant().valueType());
            input = Arrays.copyOf(all, Integer.getInteger(RECORDS_PROPERTY, EventFixture.SIZE));
            writer = variant().newWriter(all);
            DiscardingStream out = new DiscardingStream();
            fileBytes = writer.write(input, out);
            if (fileBytes <= 0 || fileBytes != out.count()) {
                throw new IllegalStateException(variant().label() + " wrote " + fileBytes + " bytes, the stream got "
                        + out.count());
            }
            System.out.printf(Locale.ROOT, "%n%s: %d records -> %d bytes of Parquet, %.1f bytes/record%n",
                    variant().label(), input.length, fileBytes, bytesPerRecord());
        }

        /** The size of the file per record, from the setup's file (every file is the same). */
        public double bytesPerRecord() {
            return (double) fileBytes / input.length;
        }

        final long writeFile(Counters counters) throws IOException {
            long cpuStart = counters.threads.getCurrentThreadCpuTime();
            long bytes = writer.write(input, new DiscardingStream());
            counters.cpuNanos += counters.threads.getCurrentThreadCpuTime() - cpuStart;
            counters.records += input.length;
            counters.fileBytes += bytes;
            return bytes;
        }
    }

    /**
     * Per-iteration totals, reported as is ({@link AuxCounters.Type#EVENTS}): the benchmark thread's CPU time, the
     * records written and the Parquet bytes they became. Reading the thread's CPU time costs about a microsecond, once
     * per file of {@value EventFixture#SIZE} records.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long cpuNanos;
        public long records;
        public long fileBytes;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            records = 0;
            fileBytes = 0;
        }
    }

    @State(Scope.Thread)
    public static class DirectMap extends Case {
        @Override
        Variant variant() {
            return Variant.DIRECT_MAP;
        }
    }

    @State(Scope.Thread)
    public static class DirectStruct extends Case {
        @Override
        Variant variant() {
            return Variant.DIRECT_STRUCT;
        }
    }

    @State(Scope.Thread)
    public static class DirectJson extends Case {
        @Override
        Variant variant() {
            return Variant.DIRECT_JSON;
        }
    }

    @State(Scope.Thread)
    public static class AvroStruct extends Case {
        @Override
        Variant variant() {
            return Variant.AVRO_STRUCT;
        }
    }

    @Benchmark
    @OperationsPerInvocation(EventFixture.SIZE)
    public long directMap(DirectMap c, Counters counters) throws IOException {
        return c.writeFile(counters);
    }

    @Benchmark
    @OperationsPerInvocation(EventFixture.SIZE)
    public long directStruct(DirectStruct c, Counters counters) throws IOException {
        return c.writeFile(counters);
    }

    @Benchmark
    @OperationsPerInvocation(EventFixture.SIZE)
    public long directJson(DirectJson c, Counters counters) throws IOException {
        return c.writeFile(counters);
    }

    @Benchmark
    @OperationsPerInvocation(EventFixture.SIZE)
    public long avroStruct(AvroStruct c, Counters counters) throws IOException {
        return c.writeFile(counters);
    }
}
