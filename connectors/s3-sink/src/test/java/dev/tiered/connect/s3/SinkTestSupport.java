package dev.tiered.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.s3.layout.ObjectNaming;
import dev.tiered.connect.s3.parquet.ParquetTestFiles;
import dev.tiered.connect.s3.writer.CommitMarker;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.example.data.Group;

/** Shared setup and read-back for the sink's integration tests: real Connect workers, s3proxy, parquet-java. */
public final class SinkTestSupport {

    public static final String TOPICS_DIR = "lake";

    private SinkTestSupport() {
    }

    /**
     * A sink configuration for {@code topics} writing to {@code bucket} on the shared s3proxy, schemaless JSON values,
     * Kafka partition and offset columns (so tests can account for every record), small batches.
     */
    public static Map<String, String> sinkConfig(S3TestServer s3, String bucket, String topics, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("name", TestNames.unique("s3-sink"));
        config.put("connector.class", S3ParquetSinkConnector.class.getName());
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topics);
        config.putAll(ConnectTestCluster.jsonConverters(false));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", s3.region());
        config.put("store.url", s3.endpoint().toString());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.credentials.provider", "static");
        config.put("aws.access.key.id", s3.accessKey());
        config.put("aws.secret.access.key", s3.secretKey());
        config.put("topics.dir", TOPICS_DIR);
        config.put("flush.size", "100");
        config.put("rotate.schedule.interval.ms", "-1");
        config.put("kafka.metadata.columns", "topic,partition,offset");
        config.put("consumer.override.max.poll.records", "200");
        return config;
    }

    /** Keys of data objects (not markers or staging objects) under the test topics dir, in listing order. */
    public static List<String> dataKeys(S3TestServer s3, String bucket) {
        List<String> keys = new ArrayList<>();
        for (String key : s3.keys(bucket, TOPICS_DIR + "/")) {
            if (key.endsWith(ObjectNaming.EXTENSION) && !key.contains("/_tiered/")) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Waits until {@code condition} holds, failing at once (with the worker's trace) if the connector or a task
     * failed, rather than at the timeout.
     */
    public static void awaitWhileHealthy(ConnectTestCluster cluster, String connector, String description,
                                         java.time.Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await(description).atMost(timeout).pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> {
                    var status = cluster.connect().connectorStatus(connector);
                    if ("FAILED".equals(status.connector().state())) {
                        throw new AssertionError("connector failed: " + status.connector().trace());
                    }
                    for (var task : status.tasks()) {
                        if ("FAILED".equals(task.state())) {
                            throw new AssertionError("task " + task.id() + " failed: " + task.trace());
                        }
                    }
                    return condition.call();
                });
    }

    /** Keys of commit markers. */
    public static List<String> markerKeys(S3TestServer s3, String bucket) {
        return s3.keys(bucket, TOPICS_DIR + "/").stream()
                .filter(k -> k.contains("/" + CommitMarker.DIRECTORY)).toList();
    }

    public static ObjectKey parse(String key) {
        return new ObjectNaming(TOPICS_DIR).parse(key).orElseThrow(() -> new AssertionError("not a data key: " + key));
    }

    public static List<Group> rows(S3TestServer s3, String bucket, String key) {
        try {
            return ParquetTestFiles.readAll(s3.get(bucket, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For every data object: its rows' Kafka partition and offset columns, checked against the offset range its key
     * names. Returns, per Kafka partition, how often each offset was written.
     */
    public static Map<Integer, Map<Long, Integer>> writtenOffsets(S3TestServer s3, String bucket, String topic) {
        Map<Integer, Map<Long, Integer>> counts = new TreeMap<>();
        for (String key : dataKeys(s3, bucket)) {
            ObjectKey parsed = parse(key);
            if (!parsed.topic().equals(topic)) {
                continue;
            }
            for (Group row : rows(s3, bucket, key)) {
                int partition = row.getInteger("_kafka_partition", 0);
                long offset = row.getLong("_kafka_offset", 0);
                assertThat(partition).as("partition column of %s", key).isEqualTo(parsed.kafkaPartition());
                assertThat(offset).as("offset column of %s", key)
                        .isBetween(parsed.startOffset(), parsed.endOffset());
                counts.computeIfAbsent(partition, p -> new TreeMap<>()).merge(offset, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Total number of rows across data objects of {@code topic}. */
    public static long rowCount(S3TestServer s3, String bucket, String topic) {
        return writtenOffsets(s3, bucket, topic).values().stream()
                .mapToLong(m -> m.values().stream().mapToLong(Integer::longValue).sum()).sum();
    }
}
