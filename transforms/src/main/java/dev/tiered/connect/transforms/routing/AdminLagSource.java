package dev.tiered.connect.transforms.routing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures a consumer group's lag with a Kafka {@link Admin} client: committed offsets
 * ({@code listConsumerGroupOffsets}) against log-end offsets ({@code listOffsets(latest)}), summed over the
 * partitions of the given topics that the group has committed offsets for. Partitions without a committed offset
 * are left out: how far behind a consumer is there depends on its {@code auto.offset.reset}, which is not known.
 */
public final class AdminLagSource implements LagSource {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String groupId;
    private final Admin admin;
    private final Duration timeout;

    /**
     * @param groupId the hot path's consumer group
     * @param adminConfig Admin client settings ({@code bootstrap.servers} and security settings)
     * @param timeout how long one measurement may take
     */
    public AdminLagSource(String groupId, Map<String, Object> adminConfig, Duration timeout) {
        this(groupId, Admin.create(withClientId(groupId, adminConfig)), timeout);
    }

    AdminLagSource(String groupId, Admin admin, Duration timeout) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    private static Map<String, Object> withClientId(String groupId, Map<String, Object> adminConfig) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "tiered-priority-router-lag-" + groupId);
        return config;
    }

    @Override
    public long totalLag(Collection<String> topics) throws Exception {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(Map.of(groupId, new ListConsumerGroupOffsetsSpec()),
                        new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                .partitionsToOffsetAndMetadata(groupId)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null && topics.contains(partition.topic())) {
                latest.put(partition, OffsetSpec.latest());
            }
        });
        if (latest.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin
                .listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long total = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            long lag = end.getValue().offset() - committed.get(end.getKey()).offset();
            if (lag > 0) {
                total += lag;
            }
        }
        return total;
    }

    @Override
    public void close() {
        admin.close(CLOSE_TIMEOUT);
    }

    @Override
    public String toString() {
        return "consumer group " + groupId;
    }
}
