package dev.tiered.connect.faults.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.faults.InstalledPack;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline's connector configurations: the users' examples from {@code config-examples/}, with only what this
 * test environment needs changed (hosts, credentials, names, smaller batches so that faults hit many commits).
 */
public final class PipelineConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineConfigs() {
    }

    /** postgres-cdc-with-router.json against {@code db} on {@code pg}, topics under {@code prefix}, exactly once. */
    public static Map<String, String> cdcSource(PostgresTestServer pg, String db, String prefix) {
        Map<String, String> config = example("postgres-cdc-with-router.json");
        config.put("connector.class", InstalledPack.CDC_SOURCE);
        config.put("transforms.route.type", InstalledPack.ROUTER);
        config.put("database.hostname", pg.host());
        config.put("database.port", Integer.toString(pg.port()));
        config.put("database.user", pg.user());
        config.put("database.password", pg.password());
        config.put("database.dbname", db);
        config.put("topic.prefix", prefix);
        config.put("slot.name", db);
        config.put("publication.name", db);
        config.put("table.include.list", "public\\.(orders|payments)");
        config.put("heartbeat.interval.ms", "1000");
        config.put("predicates.isChangeEvent.pattern", prefix.replace(".", "\\.") + "\\.public\\..*");
        config.put("exactly.once.support", "required");
        topicCreation(config);
        return config;
    }

    /** event-generator-with-router.json: {@code maxEvents} events at {@code perSecond} into {@code topic}.hot/.cold. */
    public static Map<String, String> generator(String topic, long maxEvents, int perSecond) {
        Map<String, String> config = example("event-generator-with-router.json");
        config.put("connector.class", InstalledPack.GENERATOR);
        config.put("transforms.route.type", InstalledPack.ROUTER);
        config.put("topic", topic);
        config.put("max.events", Long.toString(maxEvents));
        config.put("events.per.second", Integer.toString(perSecond));
        config.put("exactly.once.support", "required");
        topicCreation(config);
        return config;
    }

    /** s3-sink-cdc-minio.json on the CDC source's cold topics, through {@code store}. */
    public static Map<String, String> changesSink(String prefix, S3TestServer s3, URI store, String bucket,
                                                  long memoryBudget, String dlq) {
        Map<String, String> config = example("s3-sink-cdc-minio.json");
        config.put("topics.regex", prefix.replace(".", "\\.") + "\\.public\\..*\\.cold");
        sinkEnvironment(config, s3, store, bucket, memoryBudget, dlq);
        return config;
    }

    /** s3-sink-minio.json on the generator's cold topic, through {@code store}. */
    public static Map<String, String> eventsSink(String coldTopic, S3TestServer s3, URI store, String bucket,
                                                 long memoryBudget, String dlq) {
        Map<String, String> config = example("s3-sink-minio.json");
        config.put("topics", coldTopic);
        sinkEnvironment(config, s3, store, bucket, memoryBudget, dlq);
        return config;
    }

    private static void sinkEnvironment(Map<String, String> config, S3TestServer s3, URI store, String bucket,
                                        long memoryBudget, String dlq) {
        config.put("connector.class", InstalledPack.S3_SINK);
        config.put("s3.bucket.name", bucket);
        config.put("s3.region", s3.region());
        config.put("store.url", store.toString());
        config.put("aws.access.key.id", s3.accessKey());
        config.put("aws.secret.access.key", s3.secretKey());
        // The sources write in transactions: without read_committed, the sink would also store the records of
        // transactions aborted by the faults (the examples leave the consumer at Kafka's read_uncommitted default).
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("consumer.override.max.poll.records", "500");
        config.put("flush.size", "1000");
        config.put("rotate.schedule.interval.ms", "2000");
        // The read-back has no Hadoop codecs; compression is not what is under test.
        config.put("parquet.codec", "none");
        config.put("kafka.metadata.columns", "topic,partition,offset");
        config.put("memory.budget.bytes", Long.toString(memoryBudget));
        config.put("s3.part.retries", "2");
        config.put("s3.retry.backoff.ms", "50");
        config.put("s3.retry.max.backoff.ms", "500");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "-1");
    }

    private static void topicCreation(Map<String, String> config) {
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "3");
    }

    /** The {@code config} object of an example file. */
    public static Map<String, String> example(String file) {
        Path path = Paths.get(System.getProperty("tiered.examples", "../config-examples"), file);
        try {
            JsonNode node = JSON.readTree(path.toFile()).get("config");
            Map<String, String> config = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the example " + path, e);
        }
    }
}
