package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** A task over its memory budget commits its largest batch early, and never lets its accounted heap exceed it. */
class MemoryBudgetIT {

    static final S3TestServer S3 = S3TestServer.shared();
    static final long BUDGET = 1024 * 1024;

    @Test
    void theLargestBatchIsCommittedEarlyAndThePeakStaysWithinTheBudget() {
        String topic = TestNames.unique("memory");
        String bucket = S3.createBucket("memory");
        Map<String, String> props = new LinkedHashMap<>(SinkTestSupport.sinkConfig(S3, bucket, topic, 1));
        props.put("flush.size", "1000000");
        props.put("rotate.schedule.interval.ms", "1000");
        props.put("memory.budget.bytes", Long.toString(BUDGET));
        props.put("parquet.codec", "none");
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
        PartitionRecoveryIT.StubContext context = new PartitionRecoveryIT.StubContext();
        S3ParquetSinkTask task = new S3ParquetSinkTask();
        task.initialize(context);
        task.start(props);
        task.open(partitions);

        // ~3 MB of incompressible values, three times the budget, in polls of 300 records.
        Random random = new Random(7);
        int perPartition = 500;
        for (int offset = 0; offset < perPartition; offset += 100) {
            List<SinkRecord> poll = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                for (int i = offset; i < offset + 100; i++) {
                    Map<String, Object> value = new LinkedHashMap<>();
                    value.put("id", i);
                    value.put("blob", random.ints(2_000, 33, 127)
                            .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining()));
                    poll.add(new SinkRecord(topic, tp.partition(), null, null, null, value, i, 1L,
                            TimestampType.CREATE_TIME));
                }
            }
            task.put(poll);
            assertThat(task.memory().usedBytes()).as("accounted heap after each poll").isLessThanOrEqualTo(BUDGET);
        }
        await("the last batches committed on schedule").atMost(Duration.ofSeconds(30)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = task.preCommit(Map.of());
            return partitions.stream().allMatch(tp -> offsets.get(tp) != null
                    && offsets.get(tp).offset() == perPartition);
        });
        task.stop();

        assertThat(task.memory().earlyCommits()).as("the budget forced early commits").isPositive();
        assertThat(task.memory().peakBytes()).isPositive().isLessThanOrEqualTo(BUDGET);
        assertThat(task.memory().usedBytes()).as("nothing open after the last commit").isZero();
        Map<Integer, Map<Long, Integer>> written = writtenOffsets(S3, bucket, topic);
        assertThat(written).containsOnlyKeys(0, 1, 2);
        written.values().forEach(offsets -> {
            assertThat(offsets).hasSize(perPartition);
            assertThat(offsets.values()).containsOnly(1);
        });
    }
}
