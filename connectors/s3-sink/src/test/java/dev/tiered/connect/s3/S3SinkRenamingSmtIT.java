package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Topic-renaming SMTs name the S3 directories, and every record still lands there exactly once across a restart. */
class S3SinkRenamingSmtIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void regexRouterRenamesTheDirectoryOfEveryRecord() throws Exception {
        String topic = TestNames.unique("raw");
        String renamed = topic.replaceFirst("^raw", "clean");
        Map<String, String> config = renamingConfig(topic, "orders");
        config.put("transforms", "rename");
        config.put("transforms.rename.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.rename.regex", "raw(.*)");
        config.put("transforms.rename.replacement", "clean$1");

        String bucket = config.get("s3.bucket.name");
        flowRestartAndAssertEveryOffsetOnce(topic, config, key -> renamed);
        assertThat(S3.keys(bucket, SinkTestSupport.TOPICS_DIR + "/" + topic + "/"))
                .as("under the original topic: only the commit markers")
                .allMatch(key -> key.contains("/_tiered/commits/"));
    }

    @Test
    void recordsOfOnePartitionRenamedByTheirContentLandUnderEachNameOnce() throws Exception {
        String topic = TestNames.unique("routed");
        Map<String, String> config = renamingConfig(topic, "routed");
        config.put("transforms", "route");
        config.put("transforms.route.type", RouteByFieldValue.class.getName());
        config.put("transforms.route.field", "region");

        String bucket = config.get("s3.bucket.name");
        flowRestartAndAssertEveryOffsetOnce(topic, config, key -> {
            Set<String> regions = regions(bucket, key);
            assertThat(regions).as("regions in %s", key).hasSize(1);
            return topic + "." + regions.iterator().next();
        });
        assertThat(dataKeys(S3, bucket).stream().map(key -> parse(key).directoryTopic()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(topic + ".eu", topic + ".us", topic + ".ap");
    }

    /**
     * Produces to 2 partitions while the connector runs, restarts connector and tasks through the REST API mid-stream,
     * then checks: every offset in S3 exactly once, each object in the directory {@code expectedDirectory} names, and
     * the consumer group's committed offsets (keyed by the original partitions) at the end of each partition.
     */
    private void flowRestartAndAssertEveryOffsetOnce(String topic, Map<String, String> config,
                                                    Function<String, String> expectedDirectory) throws Exception {
        String connector = config.get("name");
        String bucket = config.get("s3.bucket.name");
        cluster.createTopic(topic, 2);
        try (FlowingProducer producer = new FlowingProducer(cluster.producer(), topic, 2, 0, Duration.ofMillis(5))) {
            cluster.connect().configureConnector(connector, config);
            cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
            SinkTestSupport.awaitWhileHealthy(cluster, connector, "first objects", TIMEOUT,
                    () -> dataKeys(S3, bucket).size() >= 4);
            int seen = dataKeys(S3, bucket).size();
            cluster.connect().restartConnectorAndTasks(connector, false, true, false);
            cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
            SinkTestSupport.awaitWhileHealthy(cluster, connector, "more objects after the restart", TIMEOUT,
                    () -> dataKeys(S3, bucket).size() > seen + 2);
            producer.stop();
            Map<Integer, Long> ends = producer.endOffsets(cluster);
            S3SinkExactlyOnceIT.assertEveryOffsetOnce(cluster, connector, bucket, topic, ends);
            for (String key : dataKeys(S3, bucket)) {
                ObjectKey name = parse(key);
                assertThat(name.topic()).as("file name of %s: the topic read", key).isEqualTo(topic);
                assertThat(name.directoryTopic()).as("directory of %s", key).isEqualTo(expectedDirectory.apply(key));
            }
            await("committed offsets of the original partitions at their ends").atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(SinkReadBack.committedOffsets(cluster, connector)).isEqualTo(ends));
            assertThat(cluster.admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata()
                    .get().keySet()).extracting(tp -> tp.topic()).containsOnly(topic);
        } finally {
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
    }

    private static Map<String, String> renamingConfig(String topic, String bucketHint) {
        Map<String, String> config = SinkTestSupport.sinkConfig(S3, S3.createBucket(bucketHint), topic, 1);
        config.put("flush.size", "40");
        config.put("rotate.schedule.interval.ms", "1000");
        config.put("consumer.override.max.poll.records", "100");
        return config;
    }

    private static Set<String> regions(String bucket, String key) {
        return SinkTestSupport.rows(S3, bucket, key).stream().map(row -> row.getString("region", 0))
                .collect(Collectors.toSet());
    }
}
