package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiered.connect.cdc.postgres.event.FlagToStringConverter;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import io.debezium.spi.converter.RelationalColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debezium's custom converter SPI ({@code converters}) and {@code column.exclude.list} on a real Connect cluster
 * against the embedded PostgreSQL, in the snapshot and while streaming: a converter written only against
 * debezium-api turns the boolean column and the int4 key into strings (so key and value use it), the excluded columns
 * vanish from the value schema and payload of every event.
 */
class CustomConverterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    private static final List<String> KEPT = List.of("id", "big_col", "amount", "active", "created_ts",
            "created_tstz", "birth", "ext_id");

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();
    private CdcTestDatabase fixture;

    @BeforeEach
    void createDatabase() {
        FlagToStringConverter.CONFIGURED.clear();
        FlagToStringConverter.ASKED.clear();
        fixture = new CdcTestDatabase(cluster, "conv", TIMEOUT);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void convertersAndColumnFilterShapeSnapshotAndStreamedEvents() {
        PG.execute(fixture.db, "INSERT INTO customers (id, note, active, attrs) VALUES (1, 'snap', true, '{}')");
        Map<String, String> config = fixture.connectorConfig("initial");
        config.put("converters", "flags");
        config.put("flags.type", FlagToStringConverter.class.getName());
        config.put("flags.types", "bool,int4");
        config.put("flags.prefix", "flag:");
        config.put("flags.tables", "public\\.customers");
        config.put("column.exclude.list", "public\\.customers\\.(note|ATTRS)");
        fixture.start(config);
        String topic = fixture.prefix + ".public.customers";
        cluster.consume(topic, 1, TIMEOUT);

        PG.execute(fixture.db,
                "INSERT INTO customers (id, note, active, attrs) VALUES (2, 'stream', false, '{\"k\": 1}')",
                "UPDATE customers SET active = NULL, note = 'changed' WHERE id = 2",
                "DELETE FROM customers WHERE id = 2");
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, 5, TIMEOUT);
        assertThat(records).hasSize(5);

        JsonNode read = json(records.get(0).value());
        assertThat(read.at("/payload/op").asText()).isEqualTo("r");
        JsonNode snapshotRow = read.at("/payload/after");
        assertThat(fieldNames(snapshotRow)).containsExactlyElementsOf(KEPT);
        assertThat(snapshotRow.get("id").asText()).isEqualTo("flag:1|Integer");
        assertThat(snapshotRow.get("active").asText()).isEqualTo("flag:true|Boolean");

        JsonNode rowSchema = read.at("/schema/fields/1"); // after
        assertThat(StreamSupport.stream(rowSchema.get("fields").spliterator(), false)
                .map(f -> f.get("field").asText()).toList()).containsExactlyElementsOf(KEPT);
        JsonNode activeSchema = StreamSupport.stream(rowSchema.get("fields").spliterator(), false)
                .filter(f -> f.get("field").asText().equals("active")).findFirst().orElseThrow();
        assertThat(activeSchema.get("type").asText()).isEqualTo("string");
        assertThat(activeSchema.get("name").asText()).isEqualTo(FlagToStringConverter.SCHEMA_NAME);
        assertThat(activeSchema.get("optional").asBoolean()).isTrue();

        JsonNode key = json(records.get(0).key());
        assertThat(key.at("/schema/fields/0/type").asText()).isEqualTo("string");
        assertThat(key.at("/schema/fields/0/optional").asBoolean()).isFalse();
        assertThat(key.at("/payload/id").asText()).isEqualTo("flag:1|Integer");

        JsonNode create = json(records.get(1).value()).get("payload");
        assertThat(create.get("op").asText()).isEqualTo("c");
        assertThat(fieldNames(create.get("after"))).containsExactlyElementsOf(KEPT);
        assertThat(create.at("/after/id").asText()).isEqualTo("flag:2|Integer");
        assertThat(create.at("/after/active").asText()).isEqualTo("flag:false|Boolean");

        JsonNode update = json(records.get(2).value()).get("payload");
        assertThat(update.get("op").asText()).isEqualTo("u");
        assertThat(update.at("/after/active").isNull()).as("SQL null reaches the converter, which keeps it").isTrue();
        assertThat(fieldNames(update.get("after"))).doesNotContain("note", "attrs");

        JsonNode delete = json(records.get(3).value()).get("payload");
        assertThat(delete.get("op").asText()).isEqualTo("d");
        assertThat(delete.at("/before/id").asText()).isEqualTo("flag:2|Integer");
        assertThat(fieldNames(delete.get("before"))).containsExactlyElementsOf(KEPT);
        assertThat(records.get(4).value()).as("tombstone").isNull();
        assertThat(json(records.get(4).key()).at("/payload/id").asText()).isEqualTo("flag:2|Integer");

        assertThat(FlagToStringConverter.CONFIGURED).isNotEmpty().allSatisfy(props -> {
            assertThat(props.getProperty("type")).isEqualTo(FlagToStringConverter.class.getName());
            assertThat(props.getProperty("prefix")).isEqualTo("flag:");
        });
        List<RelationalColumn> asked = new ArrayList<>(FlagToStringConverter.ASKED);
        assertThat(asked).extracting(RelationalColumn::name).doesNotContain("note", "attrs").contains("active");
        RelationalColumn active = asked.stream().filter(c -> c.name().equals("active")).findFirst().orElseThrow();
        assertThat(active.dataCollection()).isEqualTo("public.customers");
        assertThat(active.typeName()).isEqualTo("bool");
        assertThat(active.jdbcType()).isEqualTo(java.sql.Types.BIT);
        assertThat(active.isOptional()).isTrue();
        RelationalColumn amount = asked.stream().filter(c -> c.name().equals("amount")).findFirst().orElseThrow();
        assertThat(amount.typeExpression()).isEqualTo("numeric(10,2)");
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return DebeziumReference.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
