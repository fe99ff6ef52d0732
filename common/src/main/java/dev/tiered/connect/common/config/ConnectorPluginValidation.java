package dev.tiered.connect.common.config;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Adds the findings of every {@link SelfValidatingPlugin} attached to a connector (as a transformation or a predicate)
 * to the connector's own validation, so that {@code PUT /connector-plugins/<plugin>/config/validate} reports them under
 * their full key names, e.g. {@code transforms.route.rules.fraud.when}.
 */
public final class ConnectorPluginValidation {

    private static final List<String> PLUGIN_KINDS = List.of("transforms", "predicates");

    private ConnectorPluginValidation() {
    }

    /** Returns {@code connectorValidation} with the attached plugins' findings added. */
    public static Config withAttachedPlugins(Config connectorValidation, Map<String, String> connectorConfig) {
        connectorValidation.configValues().addAll(validateAttachedPlugins(connectorConfig));
        return connectorValidation;
    }

    /** The findings of every self-validating transformation and predicate named in a connector configuration. */
    public static List<ConfigValue> validateAttachedPlugins(Map<String, String> connectorConfig) {
        List<ConfigValue> results = new ArrayList<>();
        for (String kind : PLUGIN_KINDS) {
            String aliases = connectorConfig.get(kind);
            if (aliases == null || aliases.isBlank()) {
                continue;
            }
            for (String alias : aliases.split(",")) {
                String prefix = kind + "." + alias.trim() + ".";
                SelfValidatingPlugin plugin = selfValidatingPlugin(connectorConfig.get(prefix + "type"));
                if (plugin == null) {
                    continue;
                }
                for (ConfigValue value : plugin.validateBeyondConfigDef(settingsUnder(prefix, connectorConfig))) {
                    results.add(new ConfigValue(prefix + value.name(), value.value(),
                            new ArrayList<>(value.recommendedValues()), new ArrayList<>(value.errorMessages())));
                }
            }
        }
        return results;
    }

    private static Map<String, String> settingsUnder(String prefix, Map<String, String> connectorConfig) {
        Map<String, String> settings = new LinkedHashMap<>();
        connectorConfig.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        return settings;
    }

    /**
     * Instantiates the named plugin when it is one of the pack's self-validating plugins. Anything else (another
     * vendor's transformation, a class this loader cannot see, a blank type) is left to Connect, which reports it.
     */
    private static SelfValidatingPlugin selfValidatingPlugin(String className) {
        if (className == null || className.isBlank()) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className.trim(), false, ConnectorPluginValidation.class.getClassLoader());
            if (!SelfValidatingPlugin.class.isAssignableFrom(type)) {
                return null;
            }
            return (SelfValidatingPlugin) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | LinkageError | NoSuchMethodException | InstantiationException
                 | IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
