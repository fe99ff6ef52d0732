package dev.tiered.connect.s3;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.common.config.ConnectorPluginValidation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes the records of its topics as compressed, partitioned Parquet objects to S3, exactly once. Every task gets the
 * same configuration; Connect's consumer group spreads the topic partitions over them, and each partition's progress
 * lives in S3 itself (see the README's exactly-once section), so tasks and workers can come and go.
 */
public class S3ParquetSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new S3SinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3ParquetSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return S3SinkConfig.CONFIG_DEF;
    }

    /**
     * Adds the checks that span keys (credentials, partitioner settings) to the per-key ones, each on its key. Keys
     * that failed on their own are left out of the cross-key checks (their defaults stand in), so one request shows
     * every mistake at once.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        Map<String, String> validKeys = new HashMap<>(connectorConfigs);
        for (ConfigValue value : config.configValues()) {
            byName.put(value.name(), value);
            if (!value.errorMessages().isEmpty()) {
                validKeys.remove(value.name());
            }
        }
        try {
            AbstractConfig parsed = new AbstractConfig(S3SinkConfig.CONFIG_DEF, validKeys, false);
            for (ConfigValue crossField : S3SinkConfig.crossFieldValidation(parsed)) {
                ConfigValue target = byName.get(crossField.name());
                if (target != null && target.errorMessages().isEmpty()) {
                    crossField.errorMessages().forEach(target::addErrorMessage);
                }
            }
        } catch (ConfigException e) {
            // A required key is missing or invalid: already reported on that key.
        }
        return ConnectorPluginValidation.withAttachedPlugins(config, connectorConfigs);
    }
}
