package dev.tiered.connect.transforms.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AdminLagSourceTest {

    private final MockAdminClient admin = new AllPartitionsMockAdminClient();
    private final AdminLagSource source = new AdminLagSource("hot-consumers", admin, Duration.ofSeconds(10));

    private static TopicPartition partition(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    @Test
    void sumsCommittedToEndLagOverTheGivenTopics() throws Exception {
        admin.updateConsumerGroupOffsets(Map.of(partition("orders.hot", 0), 10L, partition("orders.hot", 1), 5L,
                partition("clicks", 0), 0L));
        admin.updateEndOffsets(Map.of(partition("orders.hot", 0), 25L, partition("orders.hot", 1), 7L,
                partition("clicks", 0), 1000L));
        assertThat(source.totalLag(Set.of("orders.hot"))).isEqualTo(17);
    }

    @Test
    void leavesOutPartitionsWithoutACommittedOffset() throws Exception {
        admin.updateConsumerGroupOffsets(Map.of(partition("orders.hot", 0), 10L));
        admin.updateEndOffsets(Map.of(partition("orders.hot", 0), 10L, partition("orders.hot", 1), 500L));
        assertThat(source.totalLag(Set.of("orders.hot"))).isZero();
    }

    @Test
    void measuresNothingForTopicsTheGroupDoesNotConsume() throws Exception {
        admin.updateConsumerGroupOffsets(Map.of(partition("clicks", 0), 0L));
        assertThat(source.totalLag(Set.of("orders.hot"))).isZero();
    }

    @Test
    void constructsFromAnAdminConfigMap() {
        AdminLagSource fromConfig = new AdminLagSource("hot-consumers",
                Map.of("bootstrap.servers", "localhost:1"), Duration.ofSeconds(1));
        fromConfig.close();
        assertThat(fromConfig).hasToString("consumer group hot-consumers");
    }

    /**
     * Kafka's admin client reads a spec without partitions as "all partitions" (the documented default), while
     * MockAdminClient fails on it; this gives the mock the real client's behaviour.
     */
    private static final class AllPartitionsMockAdminClient extends MockAdminClient {
        private final Map<TopicPartition, Long> committed = new java.util.HashMap<>();

        @Override
        public synchronized void updateConsumerGroupOffsets(Map<TopicPartition, Long> newOffsets) {
            committed.putAll(newOffsets);
            super.updateConsumerGroupOffsets(newOffsets);
        }

        @Override
        public synchronized ListConsumerGroupOffsetsResult listConsumerGroupOffsets(
                Map<String, ListConsumerGroupOffsetsSpec> groupSpecs, ListConsumerGroupOffsetsOptions options) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new java.util.HashMap<>();
            groupSpecs.forEach((group, spec) -> specs.put(group, spec.topicPartitions() != null ? spec
                    : new ListConsumerGroupOffsetsSpec().topicPartitions(committed.keySet())));
            return super.listConsumerGroupOffsets(specs, options);
        }
    }
}
