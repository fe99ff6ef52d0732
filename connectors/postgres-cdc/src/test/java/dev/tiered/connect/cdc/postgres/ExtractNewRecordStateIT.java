package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debezium's own {@code io.debezium.transforms.ExtractNewRecordState} (3.7.0) as a transform on our connector: it
 * recognizes our envelopes and flattens them exactly as it flattens Debezium's — the row, {@code __deleted} (rewrite
 * mode) and the requested source/envelope fields — for the snapshot read, insert, update, delete and its tombstone.
 */
class ExtractNewRecordStateIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    private static final List<String> FLAT_FIELDS = List.of("id", "big_col", "amount", "note", "active", "created_ts",
            "created_tstz", "birth", "ext_id", "attrs", "__deleted", "__op", "__table", "__lsn");

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();
    private CdcTestDatabase fixture;

    @BeforeEach
    void createDatabase() {
        fixture = new CdcTestDatabase(cluster, "unwrap", TIMEOUT);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void debeziumsSmtFlattensOurEvents() {
        PG.execute(fixture.db, "INSERT INTO customers (id, big_col, note, active) VALUES (1, 10, 'snap', true)");
        Map<String, String> config = fixture.connectorConfig("initial");
        config.put("transforms", "unwrap");
        config.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        config.put("transforms.unwrap.delete.tombstone.handling.mode", "rewrite-with-tombstone");
        config.put("transforms.unwrap.add.fields", "op,table,lsn");
        fixture.start(config);
        String topic = fixture.prefix + ".public.customers";
        cluster.consume(topic, 1, TIMEOUT);
        PG.execute(fixture.db,
                "INSERT INTO customers (id, big_col, amount, note, active, birth) VALUES (2, 20, 1.50, 'new', false,"
                        + " '1970-01-03')",
                "UPDATE customers SET note = 'changed', active = true WHERE id = 2",
                "DELETE FROM customers WHERE id = 2");
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, 5, TIMEOUT);
        assertThat(records).hasSize(5);

        JsonNode read = json(records.get(0).value());
        assertThat(read.at("/schema/name").asText()).isEqualTo(topic + ".Value");
        List<String> schemaFields = new ArrayList<>();
        read.at("/schema/fields").forEach(f -> schemaFields.add(f.get("field").asText()));
        assertThat(schemaFields).containsExactlyElementsOf(FLAT_FIELDS);
        assertThat(read.at("/schema/fields/13/type").asText()).isEqualTo("int64");

        assertFlat(read, "{\"id\":1,\"big_col\":10,\"amount\":null,\"note\":\"snap\",\"active\":true,"
                + "\"created_ts\":null,\"created_tstz\":null,\"birth\":null,\"ext_id\":null,\"attrs\":null,"
                + "\"__deleted\":\"false\",\"__op\":\"r\",\"__table\":\"customers\"}");
        JsonNode create = json(records.get(1).value());
        assertFlat(create, "{\"id\":2,\"big_col\":20,\"amount\":\"AJY=\",\"note\":\"new\",\"active\":false,"
                + "\"created_ts\":null,\"created_tstz\":null,\"birth\":2,\"ext_id\":null,\"attrs\":null,"
                + "\"__deleted\":\"false\",\"__op\":\"c\",\"__table\":\"customers\"}");
        JsonNode update = json(records.get(2).value());
        assertFlat(update, "{\"id\":2,\"big_col\":20,\"amount\":\"AJY=\",\"note\":\"changed\",\"active\":true,"
                + "\"created_ts\":null,\"created_tstz\":null,\"birth\":2,\"ext_id\":null,\"attrs\":null,"
                + "\"__deleted\":\"false\",\"__op\":\"u\",\"__table\":\"customers\"}");
        JsonNode delete = json(records.get(3).value());
        assertFlat(delete, "{\"id\":2,\"big_col\":null,\"amount\":null,\"note\":null,\"active\":null,"
                + "\"created_ts\":null,\"created_tstz\":null,\"birth\":null,\"ext_id\":null,\"attrs\":null,"
                + "\"__deleted\":\"true\",\"__op\":\"d\",\"__table\":\"customers\"}");
        long createLsn = create.at("/payload/__lsn").asLong();
        assertThat(createLsn).isPositive();
        assertThat(update.at("/payload/__lsn").asLong()).isGreaterThan(createLsn);
        assertThat(delete.at("/payload/__lsn").asLong()).isGreaterThan(update.at("/payload/__lsn").asLong());

        assertThat(records.get(4).value()).as("rewrite-with-tombstone keeps the tombstone").isNull();
        for (int i = 1; i < 5; i++) {
            assertThat(json(records.get(i).key()).at("/payload/id").asInt()).isEqualTo(2);
        }
    }

    private static void assertFlat(JsonNode record, String expectedWithoutLsn) {
        ObjectNode payload = ((ObjectNode) record.get("payload")).deepCopy();
        assertThat(payload.remove("__lsn")).isNotNull();
        assertThat(payload).isEqualTo(json(expectedWithoutLsn.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return DebeziumReference.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
