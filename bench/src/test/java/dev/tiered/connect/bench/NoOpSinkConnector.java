package dev.tiered.connect.bench;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that does nothing with its records but count them: Connect's floor for {@link SinkThroughputBenchmark}
 * (consumer, converters, the worker's loop and offset commits, and nothing else). The worker runs in the benchmark's
 * JVM, so the counts are static, per connector name. Found by the workers through
 * {@code META-INF/services/org.apache.kafka.connect.sink.SinkConnector} in bench's test resources.
 */
public final class NoOpSinkConnector extends SinkConnector {

    private static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

    private Map<String, String> props;

    /** Records put to the tasks of connector {@code name}, and when the last one arrived. */
    static Counts counts(String name) {
        return COUNTS.computeIfAbsent(name, n -> new Counts());
    }

    static void forget(String name) {
        COUNTS.remove(name);
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return NoOpSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "bench";
    }

    /** Counts what it is given; the worker's default {@code preCommit} commits what was put. */
    public static final class NoOpSinkTask extends SinkTask {
        private Counts counts;

        @Override
        public void start(Map<String, String> props) {
            counts = counts(props.get("name"));
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if (!records.isEmpty()) {
                counts.records.add(records.size());
                counts.lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
            }
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "bench";
        }
    }

    /** What the tasks of one connector were given. */
    static final class Counts {
        final LongAdder records = new LongAdder();
        final AtomicLong lastNanos = new AtomicLong();
    }
}
