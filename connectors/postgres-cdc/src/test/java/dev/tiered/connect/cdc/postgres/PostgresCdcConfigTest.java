package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.cdc.postgres.event.Op;
import dev.tiered.connect.cdc.postgres.snapshot.SnapshotMode;
import dev.tiered.connect.cdc.postgres.stream.PostgresConnections;
import dev.tiered.connect.cdc.postgres.stream.PublicationMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresCdcConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("database.hostname", "db.example");
        props.put("database.user", "cdc");
        props.put("database.password", "s3cret");
        props.put("database.dbname", "shop");
        props.put("topic.prefix", "shop");
        return props;
    }

    @Test
    void defaultsAreDebeziums() {
        PostgresCdcConfig config = new PostgresCdcConfig(minimal());
        assertThat(config.connections().port()).isEqualTo(5432);
        assertThat(config.slotName()).isEqualTo("debezium");
        assertThat(config.publicationName()).isEqualTo("dbz_publication");
        assertThat(config.publicationMode()).isEqualTo(PublicationMode.ALL_TABLES);
        assertThat(config.skippedOperations()).containsExactly(Op.TRUNCATE);
        assertThat(config.streamSettings().tombstonesOnDelete()).isTrue();
        assertThat(config.maxQueueSize()).isEqualTo(8192);
        assertThat(config.maxBatchSize()).isEqualTo(2048);
        assertThat(config.pollInterval().toMillis()).isEqualTo(500);
        assertThat(config.snapshotMode()).isEqualTo("initial");
        assertThat(config.tableFilter().captures("public", "anything")).isTrue();
        assertThat(config.connections().toString()).doesNotContain("s3cret");
    }

    @Test
    void snapshotModesRunExceptConfigurationBasedAndCustom() {
        assertThat(new PostgresCdcConfig(minimal()).snapshotModeValue()).isEqualTo(SnapshotMode.INITIAL);
        Map<String, String> props = minimal();
        for (String mode : List.of("initial", "always", "no_data", "initial_only", "when_needed", "WHEN_NEEDED")) {
            props.put("snapshot.mode", mode);
            new PostgresCdcConfig(props).requireSupportedSnapshotMode();
        }
        for (String mode : List.of("configuration_based", "custom")) {
            props.put("snapshot.mode", mode);
            assertThatThrownBy(() -> new PostgresCdcConfig(props).requireSupportedSnapshotMode())
                    .isInstanceOf(ConfigException.class).hasMessageContaining("snapshot.mode")
                    .hasMessageContaining("not yet supported");
        }
        assertThat(new PostgresCdcConfig(minimal()).snapshotFetchSize()).isEqualTo(10_240);
        props.put("snapshot.mode", "sometimes");
        assertThatThrownBy(() -> new PostgresCdcConfig(props)).hasMessageContaining("snapshot.mode");
    }

    @Test
    void badValuesNameTheirKey() {
        assertRejected("topic.prefix", null);
        assertRejected("slot.name", "Has-Caps");
        assertRejected("table.include.list", "public.(unclosed");
        assertRejected("skipped.operations", "x");
        assertRejected("skipped.operations", "none,c");
        assertRejected("publication.autocreate.mode", "sometimes");
        assertRejected("max.queue.size", "2048");
        Map<String, String> both = minimal();
        both.put("table.include.list", "public.a");
        both.put("table.exclude.list", "public.b");
        assertThatThrownBy(() -> new PostgresCdcConfig(both)).hasMessageContaining("table.exclude.list");
    }

    @Test
    void tlsKeysAreDebeziumsAndTheKeyPasswordStaysHidden(@TempDir Path dir) throws IOException {
        PostgresCdcConfig defaults = new PostgresCdcConfig(minimal());
        assertThat(defaults.tls()).isEqualTo(PostgresConnections.Tls.PREFER);
        assertThat(PostgresCdcConfig.CONFIG_DEF.configKeys().get("database.sslpassword").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);

        Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked here");
        Map<String, String> props = minimal();
        props.put("database.sslmode", "VERIFY-FULL");
        props.put("database.sslrootcert", ca.toString());
        props.put("database.sslkey", ca.toString());
        props.put("database.sslpassword", "key-s3cret");
        PostgresConnections connections = new PostgresCdcConfig(props).connections();
        assertThat(connections.tls()).isEqualTo(new PostgresConnections.Tls("verify-full", ca.toString(), null,
                ca.toString(), "key-s3cret", null));
        assertThat(connections.toString() + connections.tls()).doesNotContain("s3cret");
        assertThat(connections.redact("a key-s3cret and s3cret")).isEqualTo("a ******** and ********");
        java.sql.SQLException wrapped = new java.sql.SQLException("Could not find a java cryptographic algorithm",
                new java.io.IOException("keystore password was incorrect",
                        new java.security.UnrecoverableKeyException("failed to decrypt with s3cret")));
        assertThat(connections.describe(wrapped)).isEqualTo("Could not find a java cryptographic algorithm (cause:"
                + " keystore password was incorrect; failed to decrypt with ********)");

        assertRejected("database.sslmode", "sometimes");
        assertRejected("database.sslrootcert", dir.resolve("missing.pem").toString());
        assertRejected("database.sslcert", dir.toString());
        assertRejected("database.sslkey", dir.resolve("missing.p12").toString());
    }

    @Test
    void tableListsMatchWholeNames() {
        Map<String, String> props = minimal();
        props.put("table.include.list", "public.cust.*, inventory\\.items");
        PostgresCdcConfig config = new PostgresCdcConfig(props);
        assertThat(config.tableFilter().captures("public", "customers")).isTrue();
        assertThat(config.tableFilter().captures("inventory", "items")).isTrue();
        assertThat(config.tableFilter().captures("inventory", "items2")).isFalse();
        assertThat(config.tableFilter().captures("other", "customers")).isFalse();
        props.remove("table.include.list");
        props.put("table.exclude.list", "public\\.audit_.*");
        assertThat(new PostgresCdcConfig(props).tableFilter().captures("public", "audit_log")).isFalse();
        assertThat(new PostgresCdcConfig(props).tableFilter().captures("public", "orders")).isTrue();
    }

    @Test
    void everyKeyIsDocumentedAndGrouped() {
        for (ConfigDef.ConfigKey key : PostgresCdcConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
        }
        assertThat(PostgresCdcConfig.CONFIG_DEF.configKeys().get("database.password").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        PostgresCdcSourceConnector connector = new PostgresCdcSourceConnector();
        Map<String, String> props = minimal();
        props.put("snapshot.mode", "no_data");
        connector.start(props);
        assertThat(connector.taskConfigs(4)).as("one task: a slot has one reader").containsExactly(props);
    }

    @Test
    void columnKeysFollowDebezium() {
        PostgresCdcConfig defaults = new PostgresCdcConfig(minimal());
        assertThat(defaults.columnMapping().filter().includes("public", "t", "c")).isTrue();
        assertThat(defaults.columnMapping().converters().isEmpty()).isTrue();
        assertThat(PostgresCdcConfig.CONFIG_DEF.configKeys().get("column.exclude.list").group).isEqualTo("Columns");

        assertRejected("column.include.list", "public.t.(unclosed");
        assertRejected("column.exclude.list", "public.t.(unclosed");
        Map<String, String> both = minimal();
        both.put("column.include.list", "public.t.a");
        both.put("column.exclude.list", "public.t.b");
        assertThatThrownBy(() -> new PostgresCdcConfig(both)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("column.exclude.list").hasMessageContaining("column.include.list");

        Map<String, String> noType = minimal();
        noType.put("converters", "flags");
        assertThatThrownBy(() -> new PostgresCdcConfig(noType)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration converters").hasMessageContaining("flags.type");
        noType.put("flags.type", "no.such.Converter");
        assertThatThrownBy(() -> new PostgresCdcConfig(noType)).hasMessageContaining("flags.type=no.such.Converter");

        Map<String, String> withConverter = minimal();
        withConverter.put("converters", "flags");
        withConverter.put("flags.type", dev.tiered.connect.cdc.postgres.event.FlagToStringConverter.class.getName());
        withConverter.put("column.exclude.list", "public\\.t\\.secret");
        PostgresCdcConfig config = new PostgresCdcConfig(withConverter);
        assertThat(config.streamSettings().columns().converters().isEmpty()).isFalse();
        assertThat(config.streamSettings().columns().filter().includes("PUBLIC", "t", "Secret")).isFalse();
    }

    private static void assertRejected(String key, String value) {
        Map<String, String> props = minimal();
        if (value == null) {
            props.remove(key);
        } else {
            props.put(key, value);
        }
        assertThatThrownBy(() -> new PostgresCdcConfig(props)).as(key + "=" + value)
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
