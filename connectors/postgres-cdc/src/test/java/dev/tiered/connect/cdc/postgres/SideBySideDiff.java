package dev.tiered.connect.cdc.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Field-by-field comparison of Debezium's records (JsonConverter with schemas) with ours: key, value (schemas and
 * payloads) and headers. Debezium's topic prefix is first rewritten to ours, then only what differs by nature is
 * dropped: source.version, the envelope's processing timestamps, Debezium's {@code __debezium.context.*} headers and,
 * for snapshot ({@code op=r}) records, the source fields that depend on when each connector took its own snapshot
 * (ts_*, txId, lsn, sequence: two slots, two snapshot transactions). Every other difference is reported as
 * {@code path: theirs vs ours}.
 */
final class SideBySideDiff {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT_HEADER_PREFIX = "__debezium.context.";
    private static final List<String> ENVELOPE_PROCESSING_TIME = List.of("ts_ms", "ts_us", "ts_ns");
    private static final List<String> SNAPSHOT_RUN_FIELDS = List.of("ts_ms", "ts_us", "ts_ns", "txId", "lsn",
            "sequence");

    private final String theirPrefix;
    private final String ourPrefix;

    SideBySideDiff(String theirPrefix, String ourPrefix) {
        this.theirPrefix = theirPrefix;
        this.ourPrefix = ourPrefix;
    }

    /** The differences between two topics' records, in order; empty when they match. */
    List<String> compare(List<ConsumerRecord<byte[], byte[]>> theirs, List<ConsumerRecord<byte[], byte[]>> ours) {
        List<String> diffs = new ArrayList<>();
        if (theirs.size() != ours.size()) {
            diffs.add("record count: " + theirs.size() + " vs " + ours.size());
        }
        for (int i = 0; i < Math.min(theirs.size(), ours.size()); i++) {
            String at = "#" + i + " ";
            ConsumerRecord<byte[], byte[]> their = theirs.get(i);
            ConsumerRecord<byte[], byte[]> our = ours.get(i);
            diff(at + "topic", text(their.topic()), text(our.topic()), diffs);
            diff(at + "key", normalized(their.key()), normalized(our.key()), diffs);
            JsonNode theirValue = normalized(their.value());
            JsonNode ourValue = normalized(our.value());
            dropRunDependent(theirValue);
            dropRunDependent(ourValue);
            diff(at + "value", theirValue, ourValue, diffs);
            diff(at + "headers", headers(their), headers(our), diffs);
        }
        return diffs;
    }

    private JsonNode text(String value) {
        return JSON.getNodeFactory().textNode(value.replace(theirPrefix, ourPrefix));
    }

    private JsonNode normalized(byte[] json) {
        if (json == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(new String(json, StandardCharsets.UTF_8).replace(theirPrefix, ourPrefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode headers(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode headers = JSON.createObjectNode();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(CONTEXT_HEADER_PREFIX)) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8).replace(theirPrefix, ourPrefix));
            }
        }
        return headers;
    }

    private static void dropRunDependent(JsonNode value) {
        if (value.isNull()) {
            return;
        }
        ObjectNode payload = (ObjectNode) value.get("payload");
        ObjectNode source = (ObjectNode) payload.get("source");
        source.remove("version");
        ENVELOPE_PROCESSING_TIME.forEach(payload::remove);
        if ("r".equals(payload.path("op").asText())) {
            SNAPSHOT_RUN_FIELDS.forEach(source::remove);
        }
    }

    /** Appends {@code path: theirs vs ours} for each leaf that differs; struct fields are named by their name. */
    static void diff(String path, JsonNode theirs, JsonNode ours, List<String> diffs) {
        if (theirs == null || ours == null || theirs.getNodeType() != ours.getNodeType()) {
            if (!(theirs == null && ours == null)) {
                diffs.add(path + ": " + theirs + " vs " + ours);
            }
            return;
        }
        if (theirs.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            theirs.fieldNames().forEachRemaining(names::add);
            ours.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path + "." + name, theirs.get(name), ours.get(name), diffs);
            }
        } else if (theirs.isArray()) {
            Map<String, JsonNode> theirFields = fieldsByName(theirs);
            Map<String, JsonNode> ourFields = fieldsByName(ours);
            if (theirFields != null && ourFields != null) {
                List<String> theirOrder = new ArrayList<>(theirFields.keySet());
                List<String> ourOrder = new ArrayList<>(ourFields.keySet());
                if (!theirOrder.equals(ourOrder)) {
                    diffs.add(path + " (field order): " + theirOrder + " vs " + ourOrder);
                }
                Set<String> names = new LinkedHashSet<>(theirOrder);
                names.addAll(ourOrder);
                for (String name : names) {
                    diff(path + "[" + name + "]", theirFields.get(name), ourFields.get(name), diffs);
                }
                return;
            }
            if (theirs.size() != ours.size()) {
                diffs.add(path + " (size): " + theirs + " vs " + ours);
                return;
            }
            for (int i = 0; i < theirs.size(); i++) {
                diff(path + "[" + i + "]", theirs.get(i), ours.get(i), diffs);
            }
        } else if (!theirs.equals(ours)) {
            diffs.add(path + ": " + theirs + " vs " + ours);
        }
    }

    /** A schema's "fields" array by field name, or null when the array is not one. */
    private static Map<String, JsonNode> fieldsByName(JsonNode array) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        Iterator<JsonNode> elements = array.elements();
        while (elements.hasNext()) {
            JsonNode element = elements.next();
            if (!element.isObject() || !element.has("field") || !element.has("type")) {
                return null;
            }
            fields.put(element.get("field").asText(), element);
        }
        return fields.isEmpty() ? null : fields;
    }
}
