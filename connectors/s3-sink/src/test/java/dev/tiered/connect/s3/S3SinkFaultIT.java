package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkTestSupport.awaitWhileHealthy;
import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.FaultInjectingProxy;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 sink behind a {@link FaultInjectingProxy} while records flow: bursts of {@code 503 SlowDown}, slow responses
 * (the latency breaker pauses the partitions), connection resets and S3 unreachable for 30 s. Afterwards every offset
 * is in S3 exactly once, no task failed, the memory budget held by the task's own accounting, partitions were paused
 * and resumed, and the cost metrics agree with what S3 holds.
 */
class S3SinkFaultIT {

    private static final Logger LOG = LoggerFactory.getLogger(S3SinkFaultIT.class);
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final S3TestServer S3 = S3TestServer.shared();
    static final int PARTITIONS = 3;
    static final int TASKS = 2;
    static final long MEMORY_BUDGET = 1024 * 1024;
    /** ~12 KB records, 50 to a batch: two partitions' full batches exceed the budget (catching up after a pause). */
    static final int PADDING_CHARS = 12_000;

    @Test
    void everyRecordLandsOnceThrough503BurstsSlowResponsesResetsAndAnOutage() throws Exception {
        ConnectTestCluster cluster = ConnectTestCluster.shared();
        String topic = TestNames.unique("faults");
        String bucket = S3.createBucket("faults");
        cluster.createTopic(topic, PARTITIONS);

        try (FaultInjectingProxy proxy = FaultInjectingProxy.to(S3.endpoint()).start();
             FlowingProducer producer = new FlowingProducer(cluster.producer(), topic, PARTITIONS, PADDING_CHARS,
                     Duration.ofMillis(40))) {
            Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, TASKS);
            String connector = config.get("name");
            config.put("store.url", proxy.endpoint().toString());
            config.put("flush.size", "50");
            config.put("rotate.schedule.interval.ms", "1000");
            config.put("consumer.override.max.poll.records", "100");
            config.put("memory.budget.bytes", Long.toString(MEMORY_BUDGET));
            // Small pages: the dictionary gives up and pages are compressed early, so the accounted heap is real.
            config.put("parquet.page.size.bytes", Integer.toString(64 * 1024));
            config.put("s3.part.retries", "2");
            config.put("s3.retry.backoff.ms", "20");
            config.put("s3.retry.max.backoff.ms", "100");
            config.put("s3.latency.pause.threshold.ms", "300");
            config.put("s3.latency.window.ms", "3000");
            config.put("cost.log.interval.ms", "10000");
            Phases phases = new Phases(cluster, connector, bucket);
            try {
                cluster.connect().configureConnector(connector, config);
                cluster.awaitConnectorAndTasksRunning(connector, TASKS, TIMEOUT);

                // 1. Pass-through: the sink writes.
                phases.awaitProgress("pass-through", 6);

                // 2. Bursts of 503 SlowDown: first a count, then a few seconds of nothing but 503s.
                long failedBefore = phases.sum("s3-failed-requests-total");
                proxy.failWith503(20);
                phases.await("20 requests answered 503", () -> proxy.answeredWith503() >= 20);
                long answered = proxy.answeredWith503();
                long burstStart = System.nanoTime();
                proxy.failWith503For(Duration.ofSeconds(3));
                phases.await("3 s of 503s", () -> elapsed(burstStart).compareTo(Duration.ofSeconds(3)) >= 0
                        && proxy.answeredWith503() > answered);
                phases.await("S3 requests failing past the SDK's retries",
                        () -> phases.sum("s3-failed-requests-total") > failedBefore);
                phases.awaitProgress("after the 503s", 3);

                // 3. Slow responses: the latency breaker pauses the partitions, and resumes them once S3 is fast.
                phases.await("partitions resumed after the 503s", () -> phases.sum("partitions-paused") == 0);
                proxy.slow(Duration.ofMillis(800));
                phases.await("the latency breaker tripping (all partitions of a task paused)",
                        () -> phases.sum("s3-breaker-trips-total") > 0);
                proxy.slow(Duration.ZERO);
                phases.await("partitions resumed after the slow phase", () -> phases.sum("partitions-paused") == 0);
                phases.awaitProgress("after the slow phase", 3);

                // 4. Connection resets: of the next requests, and of every open connection.
                long resetBefore = proxy.connectionsReset();
                proxy.resetNext(8);
                phases.await("8 requests reset", () -> proxy.connectionsReset() >= resetBefore + 8);
                phases.awaitProgress("after resetNext", 2);
                proxy.resetConnections();
                phases.awaitProgress("after resetConnections", 2);
                proxy.resetConnections();
                phases.awaitProgress("after resetConnections again", 2);

                // 5. S3 unreachable for 30 s: partitions pause (failed writes), then repair and resume.
                long failedBeforeOutage = phases.sum("s3-failed-requests-total");
                AtomicBoolean pausedDuringOutage = new AtomicBoolean();
                long outageStart = System.nanoTime();
                proxy.down();
                phases.await("30 s of outage with failing requests and paused partitions", () -> {
                    if (phases.sum("partitions-paused") > 0) {
                        pausedDuringOutage.set(true);
                    }
                    return elapsed(outageStart).compareTo(OUTAGE) >= 0
                            && phases.sum("s3-failed-requests-total") > failedBeforeOutage && pausedDuringOutage.get();
                });
                proxy.up();
                phases.await("partitions resumed after the outage", () -> phases.sum("partitions-paused") == 0);
                phases.awaitProgress("after the outage", 3);

                // 6. Stop producing: everything produced ends up in S3, once.
                producer.stop();
                Map<Integer, Long> ends = producer.endOffsets(cluster);
                S3SinkExactlyOnceIT.assertEveryOffsetOnce(cluster, connector, bucket, topic, ends);
                phases.await("no partition paused", () -> phases.sum("partitions-paused") == 0);

                Map<Integer, Map<String, Double>> metrics = phases.taskMetrics();
                long records = ends.values().stream().mapToLong(Long::longValue).sum();
                int objects = dataKeys(S3, bucket).size();
                String report = String.format(java.util.Locale.ROOT, "S3 sink fault IT: %d records in %d objects, "
                                + "exactly once; injected: %d x 503, %d connection resets, %d slowed requests, "
                                + "%d s outage; sink: %d failed S3 requests, %d breaker trips, %d ms paused, "
                                + "memory peak %d of %d bytes; proxy: %s",
                        records, objects, proxy.answeredWith503(), proxy.connectionsReset(),
                        proxy.requestsDelayed(), OUTAGE.toSeconds(), phases.sum("s3-failed-requests-total"),
                        phases.sum("s3-breaker-trips-total"), phases.sum("paused-time-ms-total"),
                        (long) phases.max("memory-peak-bytes"), MEMORY_BUDGET, proxy.summary());
                LOG.info(report);
                System.out.println(report);
                System.out.println("Per task: " + metrics);

                // The proxy injected what it was asked to.
                assertThat(proxy.answeredWith503()).as("503s answered").isGreaterThanOrEqualTo(20);
                assertThat(proxy.connectionsReset()).as("connections reset").isGreaterThanOrEqualTo(8);
                assertThat(proxy.requestsDelayed()).as("requests slowed").isPositive();

                // The tasks' own accounting.
                assertThat(metrics).as("plugin metrics of each task").hasSize(TASKS);
                metrics.forEach((task, m) -> {
                    assertThat(m.get("memory-budget-bytes")).as("task %s budget", task).isEqualTo((double) MEMORY_BUDGET);
                    assertThat(m.get("memory-peak-bytes")).as("task %s memory peak", task).isPositive()
                            .isLessThanOrEqualTo(m.get("memory-budget-bytes"));
                    assertThat(m.get("partitions-paused")).as("task %s paused partitions", task).isZero();
                });
                assertThat(phases.sum("paused-time-ms-total")).as("time paused").isPositive();
                assertThat(phases.sum("s3-failed-requests-total")).as("failed S3 requests").isPositive();
                assertThat(phases.sum("s3-breaker-trips-total")).as("latency breaker trips").isPositive();

                // Cost metrics: present and consistent with S3.
                assertThat(phases.sum("records-written-total")).as("records written, per the metrics")
                        .isEqualTo(records);
                assertThat(phases.sum("objects-written-total")).as("objects written, per the metrics")
                        .isEqualTo(objects);
                assertThat(phases.sum("s3-put-requests-total")).as("PUT-class requests")
                        .isGreaterThanOrEqualTo(phases.sum("objects-written-total"));
                assertThat(phases.sum("s3-list-requests-total")).as("LIST requests").isPositive();
                assertThat(phases.sum("bytes-uploaded-total")).as("bytes uploaded").isPositive();
                metrics.forEach((task, m) -> {
                    assertThat(m.get("estimated-cost-usd-total")).as("task %s estimated cost", task).isPositive();
                    assertThat(m.get("object-size-avg-bytes")).as("task %s average object size", task).isPositive();
                });
            } finally {
                LOG.info("Fault proxy: {}", proxy.summary());
                System.out.println("Fault proxy: " + proxy.summary());
                List<String> faults = proxy.faultLog();
                faults.stream().filter(Predicate.not(line -> line.contains("answered 503 to")
                        || line.contains("reset connection #"))).forEach(line -> System.out.println("  " + line));
                cluster.deleteConnectorAndAwait(connector, TIMEOUT);
            }
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Waits of the test, all failing at once if a task fails, and the tasks' plugin metrics on JMX. */
    private static final class Phases {
        private static final List<String> METRICS = List.of("s3-put-requests-total", "s3-list-requests-total",
                "s3-get-requests-total", "s3-failed-requests-total", "bytes-uploaded-total", "records-written-total",
                "objects-written-total", "object-size-avg-bytes", "estimated-cost-usd-total", "paused-time-ms-total",
                "partitions-paused", "memory-used-bytes", "memory-peak-bytes", "memory-budget-bytes",
                "s3-latency-avg-ms", "s3-breaker-trips-total");

        private final ConnectTestCluster cluster;
        private final String connector;
        private final String bucket;
        private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

        Phases(ConnectTestCluster cluster, String connector, String bucket) {
            this.cluster = cluster;
            this.connector = connector;
            this.bucket = bucket;
        }

        void await(String description, java.util.concurrent.Callable<Boolean> condition) {
            long start = System.nanoTime();
            awaitWhileHealthy(cluster, connector, description, TIMEOUT, condition);
            LOG.info("Fault IT: {} after {} ms", description, elapsed(start).toMillis());
        }

        /** Waits until S3 holds at least {@code more} data objects more than now. */
        void awaitProgress(String phase, int more) {
            int seen = dataKeys(S3, bucket).size();
            await(phase + ": " + more + " more objects", () -> dataKeys(S3, bucket).size() >= seen + more);
        }

        long sum(String metric) {
            return Math.round(taskMetrics().values().stream().mapToDouble(m -> m.getOrDefault(metric, 0.0)).sum());
        }

        double max(String metric) {
            return taskMetrics().values().stream().mapToDouble(m -> m.getOrDefault(metric, 0.0)).max().orElse(0);
        }

        /** Per task: the sink's plugin metrics ({@code kafka.connect:type=plugins,connector=...,task=...}). */
        Map<Integer, Map<String, Double>> taskMetrics() {
            try {
                Map<Integer, Map<String, Double>> tasks = new TreeMap<>();
                for (ObjectName name : server.queryNames(
                        new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null)) {
                    if (name.getKeyProperty("task") == null || name.getKeyPropertyList().size() != 3) {
                        continue;
                    }
                    Map<String, Double> values = new TreeMap<>();
                    for (String metric : METRICS) {
                        values.put(metric, ((Number) server.getAttribute(name, metric)).doubleValue());
                    }
                    tasks.put(Integer.parseInt(name.getKeyProperty("task")), values);
                }
                return tasks;
            } catch (javax.management.JMException e) {
                throw new IllegalStateException("reading the sink's metrics from JMX failed", e);
            }
        }
    }
}
