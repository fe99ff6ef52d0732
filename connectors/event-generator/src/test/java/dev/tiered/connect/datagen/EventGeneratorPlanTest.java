package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class EventGeneratorPlanTest {

    private static Map<String, String> installTestConfig() {
        // The configuration of the component archive's install test.
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", EventGeneratorSourceConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topic", "events");
        config.put("max.events", "2000");
        config.put("events.per.second", "0");
        config.put("hot.share", "0.2");
        config.put("seed", "7");
        return config;
    }

    /** Runs the connector's tasks to the end of their shares, as a worker would. */
    private static List<SourceRecord> runAllTasks(Map<String, String> config, int tasks) throws InterruptedException {
        EventGeneratorSourceConnector connector = new EventGeneratorSourceConnector();
        connector.start(config);
        List<SourceRecord> records = new ArrayList<>();
        for (Map<String, String> taskConfig : connector.taskConfigs(tasks)) {
            EventGeneratorSourceTask task = new EventGeneratorSourceTask(new FakeTaskTime());
            task.initialize(new FakeSourceTaskContext());
            task.start(taskConfig);
            List<SourceRecord> batch;
            while ((batch = task.poll()) != null) {
                records.addAll(batch);
            }
            task.stop();
        }
        return records;
    }

    @Test
    void thePlanCountsExactlyWhatTheTasksProduce() throws InterruptedException {
        Map<String, String> config = installTestConfig();
        List<SourceRecord> records = runAllTasks(config, 2);
        long hot = 0;
        long routedHot = 0;
        for (SourceRecord record : records) {
            Map<?, ?> value = (Map<?, ?>) record.value();
            double priority = (Double) value.get("priority");
            hot += priority >= 0.9 ? 1 : 0;
            routedHot += priority >= 0.9 || "fraud_signal".equals(value.get("event_type")) ? 1 : 0;
        }

        EventGeneratorPlan plan = EventGeneratorPlan.of(config, 2);
        assertThat(records).hasSize(2_000);
        assertThat(plan.maxEventsOfTask(0) + plan.maxEventsOfTask(1)).isEqualTo(2_000);
        assertThat(plan.countHot()).isEqualTo(hot);
        assertThat(plan.count(event -> event.priority() >= 0.9 || event.eventType() == EventType.FRAUD_SIGNAL))
                .isEqualTo(routedHot);
        // The install test expects 200 to 600 hot records for a hot share of 0.2.
        assertThat(routedHot).isBetween(200L, 600L);
    }

    @Test
    void anUnboundedPlanCannotBeCounted() {
        Map<String, String> config = installTestConfig();
        config.remove("max.events");
        EventGeneratorPlan plan = EventGeneratorPlan.of(config, 3);
        assertThat(plan.maxEventsOfTask(2)).isEqualTo(-1);
        assertThat(plan.eventsPerSecondOfTask()).isZero();
        assertThatThrownBy(plan::countHot).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max.events");
    }
}
