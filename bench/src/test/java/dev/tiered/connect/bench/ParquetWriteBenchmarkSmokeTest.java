package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of {@link ParquetWriteBenchmark} in-process, once and briefly, on tiny files (64 records), so
 * the benchmarks cannot rot: the generated JMH code must run, each state's setup (which writes a file and checks its
 * size against the stream's count) must pass, and each benchmark must produce a result and its counters (CPU time,
 * records, bytes). Speed is never asserted.
 */
class ParquetWriteBenchmarkSmokeTest {

    @BeforeEach
    void tinyFiles() {
        System.setProperty(ParquetWriteBenchmark.Case.RECORDS_PROPERTY, "64");
    }

    @AfterEach
    void fullFiles() {
        System.clearProperty(ParquetWriteBenchmark.Case.RECORDS_PROPERTY);
    }

    @Test
    void everyBenchmarkRunsAndProducesAResult() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ParquetWriteBenchmark.class.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .threads(1)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Map<String, RunResult> byMethod = results.stream().collect(Collectors.toMap(
                result -> result.getParams().getBenchmark()
                        .substring(ParquetWriteBenchmark.class.getName().length() + 1),
                Function.identity()));
        String[] benchmarks = Arrays.stream(ParquetWriteBenchmark.class.getMethods())
                .filter(method -> method.isAnnotationPresent(Benchmark.class))
                .map(Method::getName)
                .toArray(String[]::new);
        assertThat(benchmarks).containsExactlyInAnyOrder("directMap", "directStruct", "directJson", "avroStruct");
        assertThat(byMethod).containsOnlyKeys(benchmarks);
        byMethod.forEach((method, result) -> {
            double score = result.getPrimaryResult().getScore();
            assertThat(score).as("ns/op of %s", method).isPositive().isFinite();
            assertThat(result.getPrimaryResult().getScoreUnit()).isEqualTo("ns/op");
            assertThat(result.getSecondaryResults()).as("counters of %s", method)
                    .containsKeys("cpuNanos", "records", "fileBytes");
            assertThat(result.getSecondaryResults().get("records").getScore()).as("records of %s", method)
                    .isPositive();
        });
    }
}
