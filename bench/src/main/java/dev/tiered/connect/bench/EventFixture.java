package dev.tiered.connect.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@value #SIZE} pre-built reference events (seed {@value #SEED}) as Connect records, in three forms with identical
 * content: schemaless {@code Map} values exactly as JsonConverter with {@code schemas.enable=false} produces them,
 * {@code Struct} values with a schema (nested payload Struct), and {@code byte[]} JSON values (as MirrorMaker copies
 * them with the ByteArrayConverter). Each record also carries the expected score and route.
 *
 * <p>Headers: about 1% of records carry {@code x-retry} (which rule 'errors' looks at). Records the reference says
 * are hot carry {@value #HOT_HEADER}, set "by the producer": it is what the Kafka-only chain routes on, since
 * Kafka's own transformations cannot look at content. The same records are given to every router.
 *
 * <p>Records are never modified by the routers (each returns a new record), so one fixture serves every run.
 */
public final class EventFixture {

    public static final int SIZE = 4096;
    public static final long SEED = 20261123L;
    public static final String TOPIC = "events";
    /** Set on records the reference routes hot: the producer's own classification, for the Kafka-only chain. */
    public static final String HOT_HEADER = "x-hot";

    /** The three forms of the same values. */
    public enum ValueType {
        /** Schemaless Map, as JsonConverter (schemas.enable=false) gives it. */
        MAP,
        /** Struct with a schema, payload a nested Struct. */
        STRUCT,
        /** JSON text as byte[], as a MirrorMaker copy with the ByteArrayConverter. */
        JSON_BYTES
    }

    static final Schema SCREEN_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Screen")
            .field("width", Schema.INT64_SCHEMA)
            .field("height", Schema.INT64_SCHEMA)
            .build();
    static final Schema DEVICE_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Device")
            .field("type", Schema.STRING_SCHEMA)
            .field("os", Schema.STRING_SCHEMA)
            .field("os_version", Schema.STRING_SCHEMA)
            .field("browser", Schema.STRING_SCHEMA)
            .field("browser_version", Schema.STRING_SCHEMA)
            .field("screen", SCREEN_SCHEMA)
            .build();
    static final Schema GEO_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Geo")
            .field("country", Schema.STRING_SCHEMA)
            .field("city", Schema.STRING_SCHEMA)
            .field("timezone", Schema.STRING_SCHEMA)
            .field("latitude", Schema.FLOAT64_SCHEMA)
            .field("longitude", Schema.FLOAT64_SCHEMA)
            .build();
    static final Schema CAMPAIGN_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Campaign")
            .field("source", Schema.STRING_SCHEMA)
            .field("medium", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .build();
    static final Schema COUNTERS_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Counters")
            .field("session_events", Schema.INT64_SCHEMA)
            .field("page_views", Schema.INT64_SCHEMA)
            .field("cart_items", Schema.INT64_SCHEMA)
            .build();
    static final Schema FLAGS_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Flags")
            .field("error", Schema.BOOLEAN_SCHEMA)
            .field("bot", Schema.BOOLEAN_SCHEMA)
            .field("first_visit", Schema.BOOLEAN_SCHEMA)
            .build();
    static final Schema PAYLOAD_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Payload")
            .field("page_url", Schema.STRING_SCHEMA)
            .field("referrer", Schema.STRING_SCHEMA)
            .field("user_agent", Schema.STRING_SCHEMA)
            .field("device", DEVICE_SCHEMA)
            .field("geo", GEO_SCHEMA)
            .field("campaign", CAMPAIGN_SCHEMA)
            .field("counters", COUNTERS_SCHEMA)
            .field("flags", FLAGS_SCHEMA)
            .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("currency", Schema.OPTIONAL_STRING_SCHEMA)
            .field("query", Schema.OPTIONAL_STRING_SCHEMA)
            .field("item_id", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    public static final Schema EVENT_SCHEMA = SchemaBuilder.struct().name("dev.tiered.connect.bench.Event")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("event_time", Schema.STRING_SCHEMA)
            .field("event_type", Schema.STRING_SCHEMA)
            .field("priority", Schema.FLOAT64_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .field("session_id", Schema.STRING_SCHEMA)
            .field("payload", PAYLOAD_SCHEMA)
            .build();

    private static final Map<String, String> SOURCE_PARTITION = Map.of("generator", "bench");

    private static volatile EventFixture standard;

    private final List<Map<String, Object>> events;
    private final boolean[] retryHeaders;
    private final double[] scores;
    private final boolean[] hot;
    private final SourceRecord[] mapRecords;
    private final SourceRecord[] structRecords;
    private final SourceRecord[] jsonRecords;
    private final long jsonBytes;

    private EventFixture(int size, long seed) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("The size must be a power of two, to cycle with a mask: " + size);
        }
        ReferenceEvents generator = new ReferenceEvents(seed);
        ObjectMapper mapper = new ObjectMapper();
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);

        List<Map<String, Object>> documents = new ArrayList<>(size);
        retryHeaders = new boolean[size];
        scores = new double[size];
        hot = new boolean[size];
        mapRecords = new SourceRecord[size];
        structRecords = new SourceRecord[size];
        jsonRecords = new SourceRecord[size];
        long totalBytes = 0;
        for (int i = 0; i < size; i++) {
            Map<String, Object> event = generator.next();
            boolean retry = generator.nextRetryHeader();
            documents.add(Collections.unmodifiableMap(event));
            retryHeaders[i] = retry;
            scores[i] = RoutingRules.score(event, retry);
            hot[i] = RoutingRules.isHot(scores[i]);

            byte[] json;
            try {
                json = mapper.writeValueAsBytes(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            totalBytes += json.length;
            Object mapValue = converter.toConnectData(TOPIC, json).value();
            Struct structValue = toStruct(EVENT_SCHEMA, event);
            structValue.validate();

            String key = (String) event.get("event_id");
            long timestamp = 1_795_421_730_123L + i;
            mapRecords[i] = record(i, key, null, mapValue, timestamp, retry, hot[i]);
            structRecords[i] = record(i, key, EVENT_SCHEMA, structValue, timestamp, retry, hot[i]);
            jsonRecords[i] = record(i, key, Schema.OPTIONAL_BYTES_SCHEMA, json, timestamp, retry, hot[i]);
        }
        events = Collections.unmodifiableList(documents);
        jsonBytes = totalBytes;
    }

    /** The benchmark fixture: {@value #SIZE} events from seed {@value #SEED}, built once per JVM. */
    public static EventFixture standard() {
        EventFixture fixture = standard;
        if (fixture == null) {
            synchronized (EventFixture.class) {
                fixture = standard;
                if (fixture == null) {
                    fixture = new EventFixture(SIZE, SEED);
                    standard = fixture;
                }
            }
        }
        return fixture;
    }

    private static SourceRecord record(int index, String key, Schema valueSchema, Object value, long timestamp,
                                       boolean retry, boolean hot) {
        ConnectHeaders headers = new ConnectHeaders();
        if (retry) {
            headers.addString(RoutingRules.RETRY_HEADER, "1");
        }
        if (hot) {
            headers.addString(HOT_HEADER, "1");
        }
        return new SourceRecord(SOURCE_PARTITION, Map.of("position", (long) index), TOPIC, null,
                Schema.STRING_SCHEMA, key, valueSchema, value, timestamp, headers);
    }

    @SuppressWarnings("unchecked")
    private static Struct toStruct(Schema schema, Map<String, Object> document) {
        Struct struct = new Struct(schema);
        for (org.apache.kafka.connect.data.Field field : schema.fields()) {
            Object value = document.get(field.name());
            if (value != null && field.schema().type() == Schema.Type.STRUCT) {
                value = toStruct(field.schema(), (Map<String, Object>) value);
            }
            struct.put(field, value);
        }
        return struct;
    }

    public int size() {
        return hot.length;
    }

    /** The records of one value type, in fixture order; the array is shared, do not modify it. */
    public SourceRecord[] records(ValueType type) {
        switch (type) {
            case MAP:
                return mapRecords;
            case STRUCT:
                return structRecords;
            case JSON_BYTES:
                return jsonRecords;
            default:
                throw new IllegalArgumentException(type.name());
        }
    }

    /** The reference score of record {@code index}. */
    public double score(int index) {
        return scores[index];
    }

    /** Whether record {@code index} belongs on the hot topic. */
    public boolean hot(int index) {
        return hot[index];
    }

    /** The topic record {@code index} must be routed to. */
    public String expectedTopic(int index) {
        return TOPIC + (hot[index] ? RoutingRules.HOT_SUFFIX : RoutingRules.COLD_SUFFIX);
    }

    /** The source document of record {@code index}. */
    public Map<String, Object> event(int index) {
        return events.get(index);
    }

    public boolean hasRetryHeader(int index) {
        return retryHeaders[index];
    }

    /** The mean size of the values as JSON, in bytes. */
    public double meanJsonBytes() {
        return (double) jsonBytes / size();
    }

    /**
     * Applies a router to every record of a type and throws, naming the first record, unless each went to the
     * topic the reference expects. A benchmark of routers that disagree would prove nothing.
     *
     * @param route the router; returns the routed record
     */
    public void verify(String routerName, ValueType type, java.util.function.UnaryOperator<SourceRecord> route) {
        SourceRecord[] records = records(type);
        for (int i = 0; i < records.length; i++) {
            SourceRecord routed = route.apply(records[i]);
            String topic = routed == null ? null : routed.topic();
            if (!expectedTopic(i).equals(topic)) {
                throw new IllegalStateException(routerName + " routed " + type + " record " + i + " (" + event(i)
                        .get("event_type") + ", reference score " + score(i) + ") to " + topic + " instead of "
                        + expectedTopic(i));
            }
        }
    }
}
