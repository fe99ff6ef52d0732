package dev.tiered.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The connector's validate() reports per-key and cross-key errors on the key to blame, and never a secret. */
class S3ParquetSinkConnectorTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static Map<String, String> valid() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "sink");
        props.put("connector.class", S3ParquetSinkConnector.class.getName());
        props.put("topics", "events.cold");
        props.put("s3.bucket.name", "lake");
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new S3ParquetSinkConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void aMinimalConfigIsValid() {
        assertThat(errors(valid())).isEmpty();
    }

    @Test
    void eachBadValueIsReportedOnItsKey() {
        Map<String, String> props = valid();
        props.put("parquet.codec", "lz5");
        props.put("flush.size", "0");
        props.put("behavior.on.null.values", "maybe");
        props.put("flush.size.bytes", Long.toString(6L * 1024 * 1024 * 1024));

        Map<String, List<String>> errors = errors(props);

        assertThat(errors).containsOnlyKeys("parquet.codec", "flush.size", "behavior.on.null.values",
                "flush.size.bytes");
        errors.forEach((key, messages) -> assertThat(messages.get(0)).as(key).contains(key));
    }

    @Test
    void crossKeyErrorsLandOnTheKeyToFix() {
        Map<String, String> props = valid();
        props.put("partitioner.class", "time");
        props.put("s3.credentials.provider", "static");

        Map<String, List<String>> errors = errors(props);

        assertThat(errors).containsKeys("path.format", "aws.access.key.id", "aws.secret.access.key");
        assertThat(errors.get("path.format").get(0)).contains("path.format");
    }

    @Test
    void perKeyAndCrossKeyErrorsAreReportedTogether() {
        Map<String, String> props = valid();
        props.put("parquet.codec", "lz5");
        props.put("partitioner.class", "time");

        assertThat(errors(props)).containsOnlyKeys("parquet.codec", "path.format");
    }

    @Test
    void theSecretNeverAppearsInTheValidationResult() {
        Map<String, String> props = valid();
        props.put("aws.secret.access.key", SECRET);
        props.put("s3.credentials.provider", "profile");

        String everything = new S3ParquetSinkConnector().validate(props).configValues().stream()
                .map(v -> v.name() + "=" + v.value() + " " + v.errorMessages()).collect(Collectors.joining("\n"));

        assertThat(everything).doesNotContain(SECRET).contains("s3.credentials.provider");
    }

    @Test
    void everyKeyIsDocumentedAndGrouped() {
        for (ConfigDef.ConfigKey key : S3SinkConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
            assertThat(key.group).as(key.name).isNotBlank();
        }
    }

    @Test
    void startRejectsAnInvalidConfigNamingTheKey() {
        Map<String, String> props = valid();
        props.put("partitioner.class", "field");

        assertThatThrownBy(() -> new S3ParquetSinkConnector().start(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("partition.field.name");
    }

    @Test
    void everyTaskGetsTheWholeConfiguration() {
        S3ParquetSinkConnector connector = new S3ParquetSinkConnector();
        connector.start(valid());

        List<Map<String, String>> tasks = connector.taskConfigs(3);

        assertThat(tasks).hasSize(3).allSatisfy(task -> assertThat(task).isEqualTo(valid()));
    }
}
