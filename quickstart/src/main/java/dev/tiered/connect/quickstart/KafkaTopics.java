package dev.tiered.connect.quickstart;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What is really in Kafka: records per topic (end offsets: the topics are new and never compacted or trimmed). */
final class KafkaTopics {

    private static final long TIMEOUT_MS = 30_000;

    private final Admin admin;
    private final String bootstrapServers;

    KafkaTopics(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /** Records per topic, for the topics whose names pass {@code filter}, in name order. */
    Map<String, Long> records(Predicate<String> filter) {
        Map<TopicPartition, Long> ends = endOffsets(filter);
        Map<String, Long> perTopic = new TreeMap<>();
        ends.forEach((partition, end) -> perTopic.merge(partition.topic(), end, Long::sum));
        return perTopic;
    }

    /**
     * Records of the topics passing {@code filter} not yet committed by the consumer group of sink {@code connector}
     * ({@code connect-<name>}). The S3 sink commits an offset only once its records are in S3, so 0 means all are.
     */
    long sinkLag(String connector, Predicate<String> filter) {
        Map<TopicPartition, Long> ends = endOffsets(filter);
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata());
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** Bytes of the record values of a topic (the raw JSON), and how many values were null (tombstones). */
    long[] valueBytes(String topic) {
        long[] bytesAndNulls = new long[2];
        read(topic, record -> {
            if (record.value() == null) {
                bytesAndNulls[1]++;
            } else {
                bytesAndNulls[0] += record.value().length;
            }
        });
        return bytesAndNulls;
    }

    /**
     * Creates {@code topic} stamped with the broker's append time ({@code message.timestamp.type=LogAppendTime}), so
     * its records tell when they arrived; the generator stamps its records with their event time.
     */
    void createWithAppendTime(String topic) {
        org.apache.kafka.clients.admin.NewTopic newTopic = new org.apache.kafka.clients.admin.NewTopic(topic,
                java.util.Optional.empty(), java.util.Optional.empty())
                .configs(Map.of("message.timestamp.type", "LogAppendTime"));
        get(admin.createTopics(List.of(newTopic)).all());
    }

    /**
     * How long after its {@code event_time} each record of {@code topic} reached the broker (its append time), in
     * milliseconds, sorted; records without a readable {@code event_time} are left out.
     */
    long[] arrivalDelaysMillis(String topic) {
        List<Long> delays = new java.util.ArrayList<>();
        read(topic, record -> {
            if (record.value() == null
                    || record.timestampType() != org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME) {
                return;
            }
            try {
                String eventTime = EVENT_JSON.readTree(record.value()).path("event_time").asText(null);
                if (eventTime != null) {
                    delays.add(record.timestamp() - java.time.Instant.parse(eventTime).toEpochMilli());
                }
            } catch (java.io.IOException | java.time.format.DateTimeParseException unreadable) {
                // not a reference event
            }
        });
        return delays.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper EVENT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Every record of {@code topic}, from the beginning to its current end. */
    private void read(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> action) {
        Map<TopicPartition, Long> ends = endOffsets(topic::equals);
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.copyOf(ends.keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<TopicPartition, Long> remaining = new HashMap<>(ends);
            remaining.values().removeIf(end -> end == 0);
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    action.accept(record);
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() + 1 >= ends.getOrDefault(partition, 0L)) {
                        remaining.remove(partition);
                    }
                }
            }
        }
    }

    private Map<TopicPartition, Long> endOffsets(Predicate<String> filter) {
        List<String> topics = get(admin.listTopics().names()).stream().filter(filter).sorted().toList();
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = get(admin.describeTopics(topics).allTopicNames());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.values().forEach(description -> description.partitions().forEach(p ->
                request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResultInfo> offsets = get(admin.listOffsets(request).all());
        Map<TopicPartition, Long> ends = new HashMap<>();
        offsets.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka admin request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
