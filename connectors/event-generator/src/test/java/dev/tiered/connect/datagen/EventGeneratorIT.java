package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The generator on a real distributed Connect cluster: several tasks, offsets committed and resumed. */
class EventGeneratorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void stoppedAndResumedConnectorContinuesWithoutGapsAndReplaysIdentically() throws IOException {
        Map<String, String> config = generator(4_000, "schemaless");
        config.put("events.per.second", "800");
        String connector = config.get("name");
        String topic = config.get("topic");

        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
        await("part of the events written").atMost(TIMEOUT).until(() -> cluster.countRecords(topic) >= 1_000);
        cluster.connect().stopConnector(connector);
        cluster.awaitConnectorState(connector, TIMEOUT, "stopped", true,
                state -> "STOPPED".equals(state.connector().state()));
        long writtenBeforeResume = cluster.countRecords(topic);
        assertThat(writtenBeforeResume).as("stopped before the end").isLessThan(4_000);

        cluster.connect().resumeConnector(connector);
        cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
        Set<String> expectedIds = new HashSet<>();
        EventGeneratorPlan.of(config, 2).forEachEvent(event -> expectedIds.add(event.eventId()));
        await("every event written after the resume").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> distinctEventIds(cluster.consumeAll(topic, TIMEOUT)).equals(expectedIds));

        Map<String, byte[]> firstCopy = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(topic, TIMEOUT)) {
            byte[] earlier = firstCopy.putIfAbsent(eventId(record), record.value());
            if (earlier != null) {
                assertThat(Arrays.equals(earlier, record.value()))
                        .as("a replayed event is the same event").isTrue();
            }
        }
        await("each task's last sequence number committed").atMost(TIMEOUT).untilAsserted(() -> {
            String url = cluster.connect().endpointForResource("connectors/" + connector + "/offsets");
            JsonNode offsets = JSON.readTree(cluster.connect().requestGet(url).getEntity().toString()).path("offsets");
            assertThat(offsets).hasSize(2);
            assertThat(offsets).allSatisfy(offset -> assertThat(offset.path("offset").path("seq").asLong())
                    .isEqualTo(1_999L));
        });
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void structValuesCarryTheReferenceEventSchema() throws IOException {
        Map<String, String> config = generator(200, "struct");
        config.put("value.converter.schemas.enable", "true");
        String connector = config.get("name");

        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(config.get("topic"), 200, TIMEOUT);
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);

        JsonNode envelope = JSON.readTree(records.get(0).value());
        assertThat(envelope.path("schema").path("name").asText()).isEqualTo(ReferenceEventSchema.VALUE_SCHEMA_NAME);
        assertThat(envelope.path("payload").path("event_time").isNumber())
                .as("event_time is a Connect Timestamp in struct mode").isTrue();
        assertThat(envelope.path("payload").path("payload").path("geo").path("country").asText()).isNotBlank();
    }

    private Map<String, String> generator(int events, String format) {
        Map<String, String> config = new HashMap<>();
        config.put("name", TestNames.unique("generator-it"));
        config.put("connector.class", EventGeneratorSourceConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topic", TestNames.unique("events"));
        config.put("value.format", format);
        config.put("max.events", Integer.toString(events));
        config.put("events.per.second", "0");
        config.put("seed", "3");
        config.put("event.time.start", "2026-11-23T00:00:00Z");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    private static Set<String> distinctEventIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(eventId(record)));
        return ids;
    }

    private static String eventId(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("event_id").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
