package dev.tiered.connect.bench;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.tiered.connect.bench.EventFixture.ValueType;

/**
 * Cost per record of routing the reference events hot/cold: PriorityRouter, Debezium's ContentBasedRouter with a
 * Groovy expression doing the same scoring, and Kafka's Filter + RegexRouter chain (routing on a header the producer
 * set, the nearest Kafka-only equivalent, which does much less work).
 *
 * <p>Every operation routes one record; the records cycle through the {@value EventFixture#SIZE}-record fixture so
 * neither caches nor branch predictors see a single record. Each benchmark's state checks, before measuring, that
 * its router sends every fixture record to the topic the plain-Java reference expects. Each benchmark builds only its
 * own router and record type, so the JIT's type profiles in its fork are those of one real connector.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RouterBenchmark} (see bench/README.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RouterBenchmark {

    /** One router on one record type: built, and checked against the reference, before measurement. */
    public abstract static class Case {
        private SourceRecord[] records;
        private int mask;
        private int next;
        private Transformation<SourceRecord> router;

        abstract String name();

        abstract ValueType valueType();

        abstract Transformation<SourceRecord> createRouter();

        @Setup(Level.Trial)
        public void setUp() {
            EventFixture fixture = EventFixture.standard();
            records = fixture.records(valueType());
            mask = records.length - 1;
            router = createRouter();
            fixture.verify(name(), valueType(), router::apply);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            router.close();
        }

        /** Routes the next record of the cycle. */
        final SourceRecord routeNext() {
            int i = next;
            next = (i + 1) & mask;
            return router.apply(records[i]);
        }
    }

    @State(Scope.Thread)
    public static class PriorityRouterMap extends Case {
        @Override
        String name() {
            return "PriorityRouter";
        }

        @Override
        ValueType valueType() {
            return ValueType.MAP;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.priorityRouter(true);
        }
    }

    @State(Scope.Thread)
    public static class PriorityRouterMapNoHeaders extends Case {
        @Override
        String name() {
            return "PriorityRouter (headers.enabled=false)";
        }

        @Override
        ValueType valueType() {
            return ValueType.MAP;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.priorityRouter(false);
        }
    }

    @State(Scope.Thread)
    public static class PriorityRouterStruct extends Case {
        @Override
        String name() {
            return "PriorityRouter";
        }

        @Override
        ValueType valueType() {
            return ValueType.STRUCT;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.priorityRouter(true);
        }
    }

    @State(Scope.Thread)
    public static class PriorityRouterJsonBytes extends Case {
        @Override
        String name() {
            return "PriorityRouter";
        }

        @Override
        ValueType valueType() {
            return ValueType.JSON_BYTES;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.priorityRouter(true);
        }
    }

    @State(Scope.Thread)
    public static class ContentBasedRouterMap extends Case {
        @Override
        String name() {
            return "ContentBasedRouter";
        }

        @Override
        ValueType valueType() {
            return ValueType.MAP;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.contentBasedRouter(false);
        }
    }

    @State(Scope.Thread)
    public static class ContentBasedRouterStruct extends Case {
        @Override
        String name() {
            return "ContentBasedRouter";
        }

        @Override
        ValueType valueType() {
            return ValueType.STRUCT;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.contentBasedRouter(false);
        }
    }

    @State(Scope.Thread)
    public static class ContentBasedRouterJsonBytes extends Case {
        @Override
        String name() {
            return "ContentBasedRouter";
        }

        @Override
        ValueType valueType() {
            return ValueType.JSON_BYTES;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.contentBasedRouter(true);
        }
    }

    @State(Scope.Thread)
    public static class KafkaChainMap extends Case {
        @Override
        String name() {
            return "Kafka Filter+RegexRouter chain";
        }

        @Override
        ValueType valueType() {
            return ValueType.MAP;
        }

        @Override
        Transformation<SourceRecord> createRouter() {
            return Routers.kafkaChain();
        }
    }

    @Benchmark
    public SourceRecord priorityRouterMap(PriorityRouterMap c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord priorityRouterMapNoHeaders(PriorityRouterMapNoHeaders c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord priorityRouterStruct(PriorityRouterStruct c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord priorityRouterJsonBytes(PriorityRouterJsonBytes c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord contentBasedRouterMap(ContentBasedRouterMap c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord contentBasedRouterStruct(ContentBasedRouterStruct c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord contentBasedRouterJsonBytes(ContentBasedRouterJsonBytes c) {
        return c.routeNext();
    }

    @Benchmark
    public SourceRecord kafkaChainMap(KafkaChainMap c) {
        return c.routeNext();
    }
}
