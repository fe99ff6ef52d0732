package dev.tiered.connect.common.config;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;

/**
 * A transformation or predicate of the pack whose settings Connect's own validation cannot fully check.
 *
 * <p>Connect validates a transformation only against the keys its {@code config()} declares, one key at a time, on an
 * instance it never configures: keys named at run time (a router's {@code rules.<name>.when}) and settings that depend
 * on each other are invisible to it. A connector's {@code validate(Map)} sees the whole configuration, so the pack's
 * connectors ask every such plugin attached to them through {@link ConnectorPluginValidation}.
 */
public interface SelfValidatingPlugin {

    /**
     * Checks what the plugin's {@code ConfigDef} cannot.
     *
     * @param props the plugin's settings, without the {@code transforms.<alias>.} or {@code predicates.<alias>.} prefix
     * @return entries named relative to the plugin (e.g. {@code rules.fraud.when}); an entry for a declared key
     *     replaces Connect's own entry for it, so it must carry all of that key's errors
     */
    Collection<ConfigValue> validateBeyondConfigDef(Map<String, String> props);
}
