package dev.tiered.connect.datagen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.common.config.ConnectorPluginValidation;

/**
 * A source of the pack's reference events, for load tests, the quickstart and the benchmarks: a set rate and hot
 * share, repeatable from a seed. Every task gets the whole configuration plus its id and the task count, from which
 * it works out its share ({@link TaskShares}).
 */
public class EventGeneratorSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(EventGeneratorSourceConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        EventGeneratorConfig config = new EventGeneratorConfig(props);
        this.props = new HashMap<>(props);
        log.info("Event generator writing to {}: {} events/s, max.events {}, seed {}, hot share {}",
                config.topic(), config.eventsPerSecond() > 0 ? config.eventsPerSecond() : "max",
                config.maxEvents() < 0 ? "unbounded" : config.maxEvents(), config.seed(), config.hotShare());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return EventGeneratorSourceTask.class;
    }

    /** Always {@code maxTasks} tasks, so the task count, and thus each task's share, is what the user set. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(EventGeneratorConfig.TASK_ID_CONFIG, Integer.toString(task));
            config.put(EventGeneratorConfig.TASK_COUNT_CONFIG, Integer.toString(maxTasks));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    /** Also reports what Connect cannot see in the pack's attached transforms, such as a router rule's condition. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorPluginValidation.withAttachedPlugins(super.validate(connectorConfigs), connectorConfigs);
    }

    @Override
    public ConfigDef config() {
        return EventGeneratorConfig.CONFIG_DEF;
    }

    /** Offsets name the exact event a task stopped at, and replays are identical, so exactly-once just works. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Accepts offsets of the connector's own form, so users can rewind or skip a task with the REST API (a null
     * offset restarts that task from sequence 0).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig,
                                Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            SourceOffsets.checkPartition(entry.getKey());
            if (entry.getValue() != null) {
                SourceOffsets.sequenceOf(entry.getValue());
            }
        }
        return true;
    }
}
