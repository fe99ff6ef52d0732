package dev.tiered.connect.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference under {@code docs/configuration/} is what the code's ConfigDefs say. After changing a
 * key, refresh it with {@code ./mvnw -pl packaging -am test -Dtest=ConfigReferenceTest -Ddocs.update=true}.
 */
class ConfigReferenceTest {

    private static final Path COMMITTED = Paths.get("..", "docs", "configuration");

    @Test
    void theCommittedReferenceMatchesTheConfigDefs() throws IOException {
        Map<String, String> pages = ConfigReference.pages();
        if (Boolean.getBoolean("docs.update")) {
            ConfigReference.main(new String[] {COMMITTED.toString()});
        }
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Path file = COMMITTED.resolve(page.getKey());
            assertThat(file).as("docs/configuration/%s (refresh with -Ddocs.update=true)", page.getKey()).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("docs/configuration/%s is stale: refresh it with -Ddocs.update=true", page.getKey())
                    .isEqualTo(page.getValue());
        }
    }

    @Test
    void everyKeyOfEveryPluginIsDocumentedWithATypeGroupAndDescription() {
        for (ConfigReference.Plugin plugin : ConfigReference.plugins()) {
            String page = ConfigReference.render(plugin);
            for (ConfigDef.ConfigKey key : plugin.definition().configKeys().values()) {
                assertThat(page).as("%s documents %s", plugin.page(), key.name).contains("| `" + key.name + "` |");
                assertThat(key.documentation).as("doc of %s.%s", plugin.title(), key.name).isNotBlank();
                assertThat(key.group).as("group of %s.%s", plugin.title(), key.name).isNotBlank();
            }
        }
    }

    @Test
    void passwordDefaultsAreNeverPrinted() {
        ConfigDef definition = new ConfigDef().define("secret", ConfigDef.Type.PASSWORD, "hunter2",
                ConfigDef.Importance.HIGH, "A secret.", "Security", 1, ConfigDef.Width.SHORT, "Secret");
        String page = ConfigReference.render(new ConfigReference.Plugin("x.md", "X", "x.X", "", definition));
        assertThat(page).doesNotContain("hunter2").contains("(hidden)");
    }
}
