package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The recorded Debezium output in {@code src/test/resources/debezium-reference} and the field-by-field comparison the
 * tests share: run-dependent values (source.version, the ts_* values, source lsn/txId and the numbers in
 * source.sequence) are replaced by their type after their presence and type are asserted.
 */
public final class DebeziumReference {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** The topic.prefix and database.dbname Debezium ran with when the reference was recorded. */
    public static final String RECORDED_PREFIX = "spike";
    public static final String RECORDED_DB = "postgres";

    private DebeziumReference() {
    }

    /** The whole file, e.g. {@code postgres-3.7.0-replica-identity-default.json}. */
    public static JsonNode load(String file) {
        try (InputStream in = DebeziumReference.class.getResourceAsStream("/debezium-reference/" + file)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JsonConverter with schemas.enable=true, as the reference was recorded. */
    public static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return converter;
    }

    /** A recorded event as it would read with another topic.prefix and database name. */
    public static JsonNode forServer(JsonNode recorded, String prefix, String db) {
        try {
            String text = JSON.writeValueAsString(recorded)
                    .replace("\"" + RECORDED_PREFIX + ".", "\"" + prefix + ".");
            ObjectNode event = (ObjectNode) JSON.readTree(text);
            JsonNode value = event.get("value");
            if (value != null && !value.isNull()) {
                ObjectNode source = (ObjectNode) value.get("payload").get("source");
                assertThat(source.get("name").asText()).isEqualTo(RECORDED_PREFIX);
                assertThat(source.get("db").asText()).isEqualTo(RECORDED_DB);
                source.put("name", prefix);
                source.put("db", db);
            }
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that serialized key and value bytes equal a recorded event's, up to the run-dependent values. */
    public static void assertMatches(JsonNode expected, byte[] key, byte[] value) {
        String kind = expected.get("kind").asText();
        try {
            assertThat(JSON.readTree(key)).as(kind + " key").isEqualTo(expected.get("key"));
            if (expected.get("value").isNull()) {
                assertThat(value).as(kind + " tombstone").isNull();
                return;
            }
            ObjectNode ours = (ObjectNode) JSON.readTree(value);
            ObjectNode theirs = (ObjectNode) expected.get("value").deepCopy();
            assertThat(ours.get("schema")).as(kind + " value schema").isEqualTo(theirs.get("schema"));
            neutralize(ours, kind);
            neutralize(theirs, kind);
            assertThat(ours.get("payload")).as(kind + " value payload").isEqualTo(theirs.get("payload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces values that differ by run with their JSON type, after asserting they are there. */
    public static void neutralize(ObjectNode value, String kind) {
        ObjectNode payload = (ObjectNode) value.get("payload");
        ObjectNode source = (ObjectNode) payload.get("source");
        assertThat(source.get("version").isTextual()).as(kind + " source.version").isTrue();
        source.put("version", "<string>");
        for (String field : List.of("ts_ms", "ts_us", "ts_ns", "txId", "lsn")) {
            assertThat(source.get(field).isIntegralNumber()).as(kind + " source." + field).isTrue();
            source.put(field, "<long>");
        }
        for (String field : List.of("ts_ms", "ts_us", "ts_ns")) {
            assertThat(payload.get(field).isIntegralNumber()).as(kind + " " + field).isTrue();
            payload.put(field, "<long>");
        }
        assertThat(source.get("sequence").asText()).as(kind + " source.sequence")
                .matches("\\[(null|\"\\d+\"),\"\\d+\"]");
        source.put("sequence", source.get("sequence").asText().replaceAll("\\d+", "N"));
    }
}
