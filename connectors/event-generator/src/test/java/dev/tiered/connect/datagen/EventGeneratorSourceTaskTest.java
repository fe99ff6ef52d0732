package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.common.PackVersion;

class EventGeneratorSourceTaskTest {

    private final FakeTaskTime time = new FakeTaskTime();
    private final FakeSourceTaskContext context = new FakeSourceTaskContext();

    private static Map<String, String> config(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("topic", "events");
        config.put("events.per.second", "0");
        config.put("event.time.start", "2026-11-23T08:15:30Z");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    /** The configuration the connector gives task {@code task} of {@code count}. */
    private static Map<String, String> taskConfig(Map<String, String> connectorConfig, int task, int count) {
        EventGeneratorSourceConnector connector = new EventGeneratorSourceConnector();
        connector.start(connectorConfig);
        return connector.taskConfigs(count).get(task);
    }

    private EventGeneratorSourceTask startTask(Map<String, String> taskConfig) {
        EventGeneratorSourceTask task = new EventGeneratorSourceTask(time);
        task.initialize(context);
        task.start(taskConfig);
        return task;
    }

    /** Polls until the task has nothing more (its share is done) or {@code limit} records came. */
    private static List<SourceRecord> drain(EventGeneratorSourceTask task, int limit) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        int emptyPolls = 0;
        while (records.size() < limit && emptyPolls < 3) {
            List<SourceRecord> batch = task.poll();
            if (batch == null || batch.isEmpty()) {
                emptyPolls++;
            } else {
                emptyPolls = 0;
                records.addAll(batch);
            }
        }
        return records;
    }

    private static long sequenceOf(SourceRecord record) {
        return (Long) record.sourceOffset().get("seq");
    }

    @Test
    void recordsCarryTheEventKeyedByUserWithPartitionAndOffset() throws InterruptedException {
        EventGeneratorSourceTask task = startTask(taskConfig(config("seed", "9"), 1, 2));
        List<SourceRecord> records = task.poll();
        ReferenceEventGenerator expected = ReferenceEventGenerator.builder().seed(9).task(1)
                .clock(EventClock.synthetic(Instant.parse("2026-11-23T08:15:30Z"), 1.0)).build();

        assertThat(records).hasSize(500);
        for (int i = 0; i < records.size(); i++) {
            SourceRecord record = records.get(i);
            ReferenceEvent event = expected.generate(i);
            assertThat(record.topic()).isEqualTo("events");
            assertThat(record.kafkaPartition()).isNull();
            assertThat(record.keySchema()).isEqualTo(ReferenceEventSchema.KEY_SCHEMA);
            assertThat(record.key()).isEqualTo(event.userId());
            assertThat(record.valueSchema()).isNull();
            assertThat(record.value()).isEqualTo(event.toMap());
            assertThat(record.timestamp()).isEqualTo(event.eventTimeMillis());
            assertThat(record.sourcePartition()).isEqualTo(Map.of("seed", 9L, "task", 1));
            assertThat(record.sourceOffset()).isEqualTo(Map.of("seq", (long) i));
        }
    }

    @Test
    void structFormatEmitsValidStructsWithTheirSchema() throws InterruptedException {
        EventGeneratorSourceTask task = startTask(taskConfig(config("value.format", "STRUCT", "batch.size", "50"),
                0, 1));
        List<SourceRecord> records = task.poll();
        assertThat(records).hasSize(50);
        for (SourceRecord record : records) {
            assertThat(record.valueSchema()).isSameAs(ReferenceEventSchema.VALUE_SCHEMA);
            Struct value = (Struct) record.value();
            value.validate();
            assertThat(value.getString("user_id")).isEqualTo(record.key());
        }
    }

    @Test
    void tasksShareMaxEventsExactlyAndStopThere() throws InterruptedException {
        Map<String, String> connectorConfig = config("max.events", "1003", "batch.size", "100");
        long total = 0;
        for (int taskId = 0; taskId < 3; taskId++) {
            EventGeneratorSourceTask task = startTask(taskConfig(connectorConfig, taskId, 3));
            List<SourceRecord> records = drain(task, 10_000);
            long expected = taskId == 0 ? 335 : 334;
            assertThat(records).as("task %s", taskId).hasSize((int) expected);
            assertThat(records).extracting(EventGeneratorSourceTaskTest::sequenceOf)
                    .containsExactlyElementsOf(sequence(0, expected));
            total += records.size();
            task.stop();
        }
        assertThat(total).isEqualTo(1003);
    }

    @Test
    void anIdleTaskWaitsInsteadOfSpinning() throws InterruptedException {
        EventGeneratorSourceTask task = startTask(taskConfig(config("max.events", "10"), 0, 1));
        assertThat(task.poll()).hasSize(10);
        long waitsBefore = time.waits();
        for (int i = 0; i < 5; i++) {
            assertThat(task.poll()).isNull();
        }
        assertThat(time.waits() - waitsBefore).isEqualTo(5);
        assertThat(time.longestWait()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theRateIsEachTasksShareOfEventsPerSecond() throws InterruptedException {
        // 200 events/s over 2 tasks: 100/s each, so 1,000 events take 10 s of (fake) time.
        EventGeneratorSourceTask task = startTask(taskConfig(config("events.per.second", "200"), 1, 2));
        List<SourceRecord> records = drain(task, 1_000);
        assertThat(records).hasSize(1_000);
        assertThat(time.elapsed().toMillis()).isCloseTo(10_000L, within(20L));
        assertThat(time.longestWait()).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aSlowRateNeverBlocksAPollForLong() throws InterruptedException {
        EventGeneratorSourceTask task = startTask(taskConfig(config("events.per.second", "0.5"), 0, 1));
        int polls = 0;
        List<SourceRecord> records = new ArrayList<>();
        while (records.size() < 3) {
            List<SourceRecord> batch = task.poll();
            polls++;
            if (batch != null) {
                records.addAll(batch);
            }
        }
        // One event every 2 s, in polls of at most 100 ms each.
        assertThat(time.elapsed().toMillis()).isCloseTo(6_000L, within(20L));
        assertThat(time.longestWait()).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(polls).isGreaterThanOrEqualTo(60);
    }

    @Test
    void aTaskHeldUpCatchesUpByAtMostOneSecond() throws InterruptedException {
        EventGeneratorSourceTask task = startTask(taskConfig(config("events.per.second", "10000"), 0, 1));
        drain(task, 1);
        time.advance(Duration.ofSeconds(30));
        int caughtUp = 0;
        List<SourceRecord> batch;
        while ((batch = task.poll()) != null && batch.size() > 1) {
            assertThat(batch).hasSizeLessThanOrEqualTo(500);
            caughtUp += batch.size();
        }
        assertThat(caughtUp).isBetween(9_999, 10_000);
    }

    @Test
    void stopEndsPollingAtOnce() throws InterruptedException {
        EventGeneratorSourceTask task = startTask(taskConfig(config("events.per.second", "1"), 0, 1));
        task.stop();
        long waits = time.waits();
        assertThat(task.poll()).isNull();
        assertThat(time.waits()).isEqualTo(waits);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void aRestartedTaskResumesAfterTheCommittedOffsetWithIdenticalEvents() throws InterruptedException {
        Map<String, String> taskConfig = taskConfig(config("seed", "5", "max.events", "2500", "batch.size", "300"),
                1, 2);
        EventGeneratorSourceTask first = startTask(taskConfig);
        List<SourceRecord> before = new ArrayList<>(first.poll());
        before.addAll(first.poll());
        // The worker committed the first 450 records' offsets; the last 150 were sent but not committed.
        context.commit(before.get(449));
        first.stop();

        EventGeneratorSourceTask second = startTask(taskConfig);
        assertThat(second.nextSequence()).isEqualTo(450);
        List<SourceRecord> after = drain(second, 10_000);
        assertThat(after).extracting(EventGeneratorSourceTaskTest::sequenceOf)
                .containsExactlyElementsOf(sequence(450, 1_250));
        // Connect's at-least-once replay: the uncommitted records come again, identical.
        for (int i = 450; i < 600; i++) {
            assertThat(after.get(i - 450).value()).isEqualTo(before.get(i).value());
            assertThat(after.get(i - 450).key()).isEqualTo(before.get(i).key());
        }
    }

    @Test
    void aTaskWhoseShareIsDoneStaysIdleAfterARestart() throws InterruptedException {
        Map<String, String> taskConfig = taskConfig(config("max.events", "40"), 0, 1);
        EventGeneratorSourceTask first = startTask(taskConfig);
        List<SourceRecord> records = drain(first, 100);
        assertThat(records).hasSize(40);
        context.commit(records.get(39));
        EventGeneratorSourceTask second = startTask(taskConfig);
        assertThat(second.poll()).isNull();
    }

    @Test
    void anOffsetOfAnotherFormFailsTheTaskClearly() {
        Map<String, String> taskConfig = taskConfig(config("seed", "3"), 0, 1);
        context.store(SourceOffsets.partition(3, 0), Map.of("position", 12L));
        assertThatThrownBy(() -> startTask(taskConfig))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'seq'");
    }

    @Test
    void aTaskConfigWithoutItsIdIsRejected() {
        EventGeneratorSourceTask task = new EventGeneratorSourceTask(time);
        task.initialize(context);
        assertThatThrownBy(() -> task.start(config()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.id");
        Map<String, String> outOfRange = config("task.id", "2", "task.count", "2");
        assertThatThrownBy(() -> task.start(outOfRange))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.id");
    }

    @Test
    void wallClockTimesComeFromTheTasksClock() throws InterruptedException {
        Map<String, String> connectorConfig = config("batch.size", "5");
        connectorConfig.remove("event.time.start");
        EventGeneratorSourceTask task = startTask(taskConfig(connectorConfig, 0, 1));
        for (SourceRecord record : task.poll()) {
            assertThat(record.timestamp()).isEqualTo(FakeTaskTime.START_MILLIS);
            assertThat(((Map<?, ?>) record.value()).get("event_time")).isEqualTo(
                    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                            .format(Instant.ofEpochMilli(FakeTaskTime.START_MILLIS)));
        }
    }

    @Test
    void versionIsThePacksVersion() {
        assertThat(new EventGeneratorSourceTask().version()).isEqualTo(PackVersion.get()).isNotBlank();
    }

    private static List<Long> sequence(long from, long to) {
        List<Long> sequence = new ArrayList<>();
        for (long i = from; i < to; i++) {
            sequence.add(i);
        }
        return sequence;
    }
}
