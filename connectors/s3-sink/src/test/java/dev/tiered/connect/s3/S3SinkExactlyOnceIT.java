package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.parse;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every offset lands in S3 exactly once while connectors restart, workers leave and join, and tasks share workers. */
class S3SinkExactlyOnceIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();

    /** Three workers of its own, for the tests that remove workers; started by the first test needing it. */
    private static ConnectTestCluster threeWorkers;

    @AfterAll
    static void closeDedicatedCluster() {
        if (threeWorkers != null) {
            threeWorkers.close();
        }
    }

    private static synchronized ConnectTestCluster threeWorkers() {
        if (threeWorkers == null) {
            threeWorkers = ConnectTestCluster.builder().name(TestNames.unique("eos")).workers(3)
                    // Tasks of a worker that left are reassigned after this delay: keep the test short.
                    .workerProperty("scheduled.rebalance.max.delay.ms", "2000")
                    .build().start();
        }
        return threeWorkers;
    }

    @Test
    void restartsStopsAndRecreationWhileRecordsFlowWriteEveryOffsetOnce() throws Exception {
        ConnectTestCluster cluster = ConnectTestCluster.shared();
        String topic = TestNames.unique("flow");
        String bucket = S3.createBucket("eos-restart");
        cluster.createTopic(topic, 3);
        Map<String, String> config = flowingConfig(bucket, topic, 2);
        String connector = config.get("name");

        try (FlowingProducer producer = new FlowingProducer(cluster.producer(), topic, 3)) {
            cluster.connect().configureConnector(connector, config);
            cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
            awaitMoreObjects(cluster, connector, bucket, 0);

            int seen = dataKeys(S3, bucket).size();
            cluster.connect().restartConnectorAndTasks(connector, false, true, false);
            cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
            awaitMoreObjects(cluster, connector, bucket, seen);

            seen = dataKeys(S3, bucket).size();
            cluster.connect().stopConnector(connector);
            cluster.awaitConnectorState(connector, TIMEOUT, "STOPPED", true,
                    status -> "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty());
            cluster.connect().resumeConnector(connector);
            cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
            awaitMoreObjects(cluster, connector, bucket, seen);

            seen = dataKeys(S3, bucket).size();
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
            cluster.connect().configureConnector(connector, config);
            cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
            awaitMoreObjects(cluster, connector, bucket, seen);

            producer.stop();
            assertEveryOffsetOnce(cluster, connector, bucket, topic, producer.endOffsets(cluster));
        } finally {
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
    }

    @Test
    void aWorkerLeavingAndJoiningWhileRecordsFlowLosesAndDuplicatesNothing() throws Exception {
        ConnectTestCluster cluster = threeWorkers();
        String topic = TestNames.unique("flow");
        String bucket = S3.createBucket("eos-worker");
        cluster.createTopic(topic, 4);
        Map<String, String> config = flowingConfig(bucket, topic, 3);
        String connector = config.get("name");

        try (FlowingProducer producer = new FlowingProducer(cluster.producer(), topic, 4)) {
            cluster.connect().configureConnector(connector, config);
            cluster.awaitConnectorAndTasksRunning(connector, 3, TIMEOUT);
            awaitMoreObjects(cluster, connector, bucket, 0);

            ConnectorStateInfo status = cluster.connect().connectorStatus(connector);
            String taskWorker = status.tasks().get(0).workerId();
            WorkerHandle victim = workerOf(cluster, taskWorker);
            int seen = dataKeys(S3, bucket).size();
            cluster.connect().removeWorker(victim);
            cluster.awaitConnectorState(connector, TIMEOUT, "running 3 tasks without " + taskWorker, true,
                    s -> s.tasks().size() == 3 && s.tasks().stream().allMatch(t -> "RUNNING".equals(t.state())
                            && !taskWorker.equals(t.workerId())));
            awaitMoreObjects(cluster, connector, bucket, seen);

            seen = dataKeys(S3, bucket).size();
            cluster.connect().addWorker();
            await3WorkersAndMoreObjects(cluster, connector, bucket, seen);

            producer.stop();
            assertEveryOffsetOnce(cluster, connector, bucket, topic, producer.endOffsets(cluster));
        } finally {
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
    }

    @Test
    void fourTasksOnThreeWorkersWithAFieldPartitionerWriteEveryOffsetOnce() throws Exception {
        ConnectTestCluster cluster = threeWorkers();
        String topic = TestNames.unique("flow");
        String bucket = S3.createBucket("eos-spread");
        cluster.createTopic(topic, 6);
        Map<String, String> config = flowingConfig(bucket, topic, 4);
        config.put("partitioner.class", "field");
        config.put("partition.field.name", "region");
        String connector = config.get("name");

        try (FlowingProducer producer = new FlowingProducer(cluster.producer(), topic, 6)) {
            cluster.connect().configureConnector(connector, config);
            cluster.awaitConnectorAndTasksRunning(connector, 4, TIMEOUT);
            // About five batches of three objects (one per region) for each of the six partitions.
            awaitMoreObjects(cluster, connector, bucket, 90);
            producer.stop();
            Map<Integer, Long> ends = producer.endOffsets(cluster);
            assertEveryOffsetOnce(cluster, connector, bucket, topic, ends);

            ConnectorStateInfo status = cluster.connect().connectorStatus(connector);
            Map<String, Long> tasksPerWorker = status.tasks().stream()
                    .collect(Collectors.groupingBy(ConnectorStateInfo.TaskState::workerId, Collectors.counting()));
            assertThat(tasksPerWorker.values()).as("tasks per worker: %s", tasksPerWorker).contains(2L);
            // The group may still be settling a rebalance (a member briefly without partitions): await, not poll once.
            org.awaitility.Awaitility.await("every task of the group owns partitions").atMost(TIMEOUT)
                    .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
                        ConsumerGroupDescription group = cluster.admin()
                                .describeConsumerGroups(List.of("connect-" + connector))
                                .describedGroups().get("connect-" + connector).get(30, TimeUnit.SECONDS);
                        assertThat(group.members()).hasSize(4)
                                .allSatisfy(m -> assertThat(m.assignment().topicPartitions())
                                        .as("partitions of %s", m.clientId()).isNotEmpty());
                    });
            for (String key : dataKeys(S3, bucket)) {
                ObjectKey parsed = parse(key);
                assertThat(parsed.partitionPath()).isIn("region=eu", "region=us", "region=ap");
            }
            assertThat(dataKeys(S3, bucket).stream().map(k -> parse(k).kafkaPartition()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        } finally {
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Small batches committed continuously: by count while records flow, by wall clock for the tail. */
    private static Map<String, String> flowingConfig(String bucket, String topic, int tasks) {
        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, tasks);
        config.put("flush.size", "40");
        config.put("rotate.schedule.interval.ms", "1000");
        config.put("consumer.override.max.poll.records", "100");
        return config;
    }

    private static WorkerHandle workerOf(ConnectTestCluster cluster, String workerId) {
        int port = Integer.parseInt(workerId.substring(workerId.lastIndexOf(':') + 1));
        return cluster.connect().workers().stream().filter(w -> w.url().getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " among " + cluster.restUrls()));
    }

    private static void awaitMoreObjects(ConnectTestCluster cluster, String connector, String bucket, int seen) {
        SinkTestSupport.awaitWhileHealthy(cluster, connector, "more than " + seen + " objects", TIMEOUT,
                () -> dataKeys(S3, bucket).size() > seen);
    }

    private static void await3WorkersAndMoreObjects(ConnectTestCluster cluster, String connector, String bucket,
                                                    int seen) {
        SinkTestSupport.awaitWhileHealthy(cluster, connector, "3 workers and more than " + seen + " objects", TIMEOUT,
                () -> cluster.connect().healthyWorkers().size() == 3 && dataKeys(S3, bucket).size() > seen);
    }

    /** Waits until every partition's last offset is in S3, then checks each offset below it is there exactly once. */
    static void assertEveryOffsetOnce(ConnectTestCluster cluster, String connector, String bucket, String topic,
                                      Map<Integer, Long> endOffsets) {
        SinkTestSupport.awaitWhileHealthy(cluster, connector, "the last offset of every partition in S3", TIMEOUT,
                () -> lastOffsetsInS3(bucket).equals(endOffsets.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - 1))));
        Map<Integer, Map<Long, Integer>> written = writtenOffsets(S3, bucket, topic);
        assertThat(written).containsOnlyKeys(endOffsets.keySet());
        endOffsets.forEach((partition, end) -> {
            Map<Long, Integer> offsets = written.get(partition);
            assertThat(offsets).as("partition %s: offsets 0..%s", partition, end - 1).hasSize(end.intValue());
            assertThat(offsets.keySet()).as("partition %s", partition).allMatch(o -> o >= 0 && o < end);
            Map<Long, Integer> duplicates = offsets.entrySet().stream().filter(e -> e.getValue() != 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
            assertThat(duplicates).as("partition %s: offsets written more than once", partition).isEmpty();
        });
    }

    private static Map<Integer, Long> lastOffsetsInS3(String bucket) {
        Map<Integer, Long> last = new HashMap<>();
        for (String key : dataKeys(S3, bucket)) {
            ObjectKey parsed = parse(key);
            last.merge(parsed.kafkaPartition(), parsed.endOffset(), Math::max);
        }
        return last;
    }
}
