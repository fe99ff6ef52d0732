package dev.tiered.connect.s3;

import dev.tiered.connect.testkit.ConnectTestCluster;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Produces record values as the sink's JsonConverter will read them: with the schema envelope (serialized by
 * JsonConverter itself, so the envelope is exactly what Connect expects) or schemaless.
 */
final class JsonRecords {

    private final ConnectTestCluster cluster;
    private final String topic;
    private final JsonConverter withSchemas = converter(true);
    private final JsonConverter schemaless = converter(false);

    JsonRecords(ConnectTestCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
    }

    /** JSON {"schema": ..., "payload": ...} for a Connect value. */
    byte[] envelope(Schema schema, Object value) {
        return withSchemas.fromConnectData(topic, schema, value);
    }

    /** Plain JSON for a schemaless value (maps, lists, strings, numbers). */
    byte[] plain(Object value) {
        return schemaless.fromConnectData(topic, null, value);
    }

    /** Sends the values, in order, to partition 0 and waits until the broker has them all. Null values are tombstones. */
    void sendAll(List<byte[]> values) {
        for (int i = 0; i < values.size(); i++) {
            cluster.producer().send(new ProducerRecord<>(topic, 0, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    values.get(i)));
        }
        cluster.producer().flush();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonConverter converter(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", schemas, "converter.type", "value"));
        return converter;
    }
}
