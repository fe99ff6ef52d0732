package dev.tiered.connect.packaging;

import dev.tiered.connect.cdc.postgres.PostgresCdcConfig;
import dev.tiered.connect.datagen.EventGeneratorConfig;
import dev.tiered.connect.s3.S3SinkConfig;
import dev.tiered.connect.transforms.PriorityRouterConfig;
import dev.tiered.connect.transforms.predicates.RecordMatchesConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders every plugin's {@link ConfigDef} as a Markdown reference, so the documented keys, defaults and validators
 * are the code's own. The build writes the pages into the archive's {@code doc/configuration/}; {@code
 * ConfigReferenceTest} keeps the copies under {@code docs/configuration/} in step with the code.
 */
public final class ConfigReference {

    /** A plugin whose configuration is documented: the page's file name, title, class and definition. */
    public record Plugin(String page, String title, String className, String usage, ConfigDef definition) { }

    private ConfigReference() {
    }

    public static List<Plugin> plugins() {
        return List.of(
                new Plugin("priority-router.md", "PriorityRouter SMT",
                        "dev.tiered.connect.transforms.PriorityRouter",
                        "Keys go under `transforms.<alias>.` in a connector's configuration.",
                        PriorityRouterConfig.CONFIG_DEF),
                new Plugin("record-matches.md", "RecordMatches predicate",
                        "dev.tiered.connect.transforms.predicates.RecordMatches",
                        "Keys go under `predicates.<alias>.` in a connector's configuration.",
                        RecordMatchesConfig.CONFIG_DEF),
                new Plugin("event-generator.md", "Event generator source",
                        "dev.tiered.connect.datagen.EventGeneratorSourceConnector",
                        "Connector keys, next to Connect's own (`name`, `tasks.max`, converters, transforms).",
                        EventGeneratorConfig.CONFIG_DEF),
                new Plugin("s3-sink.md", "S3 Parquet sink",
                        "dev.tiered.connect.s3.S3ParquetSinkConnector",
                        "Connector keys, next to Connect's own (`name`, `topics`, `tasks.max`, converters, errors.*).",
                        S3SinkConfig.CONFIG_DEF),
                new Plugin("postgres-cdc.md", "PostgreSQL CDC source",
                        "dev.tiered.connect.cdc.postgres.PostgresCdcSourceConnector",
                        "Connector keys, next to Connect's own (`name`, `tasks.max`, converters, transforms). Keys"
                                + " Debezium's PostgreSQL connector also has keep its names and defaults.",
                        PostgresCdcConfig.CONFIG_DEF));
    }

    /** Writes one page per plugin and an index into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ConfigReference <output directory>");
        }
        Path directory = Paths.get(args[0]);
        Files.createDirectories(directory);
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Files.writeString(directory.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** File name to Markdown, the index ({@code README.md}) first. */
    public static Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("# Configuration reference\n\n")
                .append("Generated from the plugins' `ConfigDef`s by `packaging/` at build time; do not edit.\n\n")
                .append("| Plugin | Class | Keys |\n|---|---|---|\n");
        for (Plugin plugin : plugins()) {
            index.append("| [").append(plugin.title()).append("](").append(plugin.page()).append(") | `")
                    .append(plugin.className()).append("` | ").append(plugin.definition().names().size())
                    .append(" |\n");
        }
        pages.put("README.md", index.toString());
        for (Plugin plugin : plugins()) {
            pages.put(plugin.page(), render(plugin));
        }
        return pages;
    }

    static String render(Plugin plugin) {
        StringBuilder page = new StringBuilder("# ").append(plugin.title()).append(" configuration\n\n")
                .append("`").append(plugin.className()).append("`. ").append(plugin.usage()).append("\n\n")
                .append("Generated from the plugin's `ConfigDef` at build time; do not edit.\n");
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        List<String> groupOrder = plugin.definition().groups();
        List<ConfigKey> keys = new ArrayList<>(plugin.definition().configKeys().values());
        keys.sort(Comparator.<ConfigKey>comparingInt(key -> key.group == null ? Integer.MAX_VALUE
                        : groupOrder.indexOf(key.group))
                .thenComparingInt(key -> key.orderInGroup)
                .thenComparing(key -> key.name));
        for (ConfigKey key : keys) {
            groups.computeIfAbsent(key.group == null ? "Other" : key.group, group -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<ConfigKey>> group : groups.entrySet()) {
            page.append("\n## ").append(group.getKey()).append("\n\n")
                    .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : group.getValue()) {
                page.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                        .append(" | ").append(defaultValue(key)).append(" | ")
                        .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                        .append(key.importance.name().toLowerCase()).append(" | ")
                        .append(cell(key.documentation)).append(" |\n");
            }
        }
        return page.toString();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return key.defaultValue == null ? "" : "(hidden)";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text == null ? "null" : text.isEmpty() ? "\"\"" : "`" + text.replace("`", "'") + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("|", "\\|").replace("\r", " ").replace("\n", " ").strip();
    }
}
