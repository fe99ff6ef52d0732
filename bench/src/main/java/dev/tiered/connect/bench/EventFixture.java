package dev.tiered.connect.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import dev.tiered.connect.datagen.EventClock;
import dev.tiered.connect.datagen.ReferenceEvent;
import dev.tiered.connect.datagen.ReferenceEventGenerator;
import dev.tiered.connect.datagen.ReferenceEventSchema;
import dev.tiered.connect.datagen.SourceOffsets;

/**
 * The first {@value #SIZE} reference events of the pack's event generator ({@link ReferenceEventGenerator}, seed
 * {@value #SEED}, task {@value #TASK}, hot share {@value #HOT_SHARE}: the quickstart's settings, so these are the
 * first events its task 0 emits) as Connect records, in three forms with identical content: schemaless {@code Map}
 * values exactly as a worker's JsonConverter with {@code schemas.enable=false} gives them (the generator's
 * {@link ReferenceEvent#toMap()} written and read back by JsonConverter), {@code Struct} values of
 * {@link ReferenceEventSchema#VALUE_SCHEMA} ({@link ReferenceEvent#toStruct()}), and {@code byte[]} JSON values
 * (JsonConverter's bytes, as MirrorMaker copies them with the ByteArrayConverter). Keys, timestamps and source
 * partitions/offsets are those the generator's source task sets; event times are synthetic (from
 * {@value #EVENT_TIME_START}, 1 ms apart) so the fixture is the same in every run. Each record also carries the
 * expected score and route.
 *
 * <p>Headers: about 1% of records carry {@code x-retry} (which rule 'failures' looks at; the generator sets no
 * headers, so the fixture picks these records from its own stream seeded with {@value #SEED}). Records the reference
 * says are hot carry {@value #HOT_HEADER}, set "by the producer": it is what the Kafka-only chain routes on, since
 * Kafka's own transformations cannot look at content. The same records are given to every router.
 *
 * <p>Records are never modified by the routers (each returns a new record), so one fixture serves every run.
 */
public final class EventFixture {

    public static final int SIZE = 4096;
    /** The generator's default seed, which the quickstart uses too. */
    public static final long SEED = ReferenceEventGenerator.DEFAULT_SEED;
    public static final int TASK = 0;
    public static final double HOT_SHARE = ReferenceEventGenerator.DEFAULT_HOT_SHARE;
    public static final String EVENT_TIME_START = "2026-11-23T08:15:30.123Z";
    public static final String TOPIC = "events";
    /** Set on records the reference routes hot: the producer's own classification, for the Kafka-only chain. */
    public static final String HOT_HEADER = "x-hot";
    /** The share of records with an {@code x-retry} header: a producer's retries. */
    static final double RETRY_SHARE = 0.01;

    /** The three forms of the same values. */
    public enum ValueType {
        /** Schemaless Map, as JsonConverter (schemas.enable=false) gives it. */
        MAP,
        /** Struct of the generator's schema, payload a nested Struct. */
        STRUCT,
        /** JSON text as byte[], as a MirrorMaker copy with the ByteArrayConverter. */
        JSON_BYTES
    }

    private static volatile EventFixture standard;

    private final List<Map<String, Object>> events;
    private final boolean[] retryHeaders;
    private final double[] scores;
    private final boolean[] hot;
    private final SourceRecord[] mapRecords;
    private final SourceRecord[] structRecords;
    private final SourceRecord[] jsonRecords;
    private final long jsonBytes;

    private EventFixture(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("The size must be a power of two, to cycle with a mask: " + size);
        }
        ReferenceEventGenerator generator = generator();
        SplittableRandom retries = new SplittableRandom(SEED);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Map<String, Object> sourcePartition = SourceOffsets.partition(SEED, TASK);

        List<Map<String, Object>> documents = new ArrayList<>(size);
        retryHeaders = new boolean[size];
        scores = new double[size];
        hot = new boolean[size];
        mapRecords = new SourceRecord[size];
        structRecords = new SourceRecord[size];
        jsonRecords = new SourceRecord[size];
        long totalBytes = 0;
        for (int i = 0; i < size; i++) {
            ReferenceEvent event = generator.generate(i);
            Map<String, Object> document = Collections.unmodifiableMap(event.toMap());
            boolean retry = retries.nextDouble() < RETRY_SHARE;
            documents.add(document);
            retryHeaders[i] = retry;
            scores[i] = RoutingRules.score(document, retry);
            hot[i] = RoutingRules.isHot(scores[i]);

            byte[] json = converter.fromConnectData(TOPIC, null, document);
            totalBytes += json.length;
            Object mapValue = converter.toConnectData(TOPIC, json).value();
            Struct structValue = event.toStruct();
            structValue.validate();

            RecordShape shape = new RecordShape(sourcePartition, SourceOffsets.offset(event.sequence()),
                    event.userId(), event.eventTimeMillis(), retry, hot[i]);
            mapRecords[i] = shape.record(null, mapValue);
            structRecords[i] = shape.record(ReferenceEventSchema.VALUE_SCHEMA, structValue);
            jsonRecords[i] = shape.record(Schema.OPTIONAL_BYTES_SCHEMA, json);
        }
        events = Collections.unmodifiableList(documents);
        jsonBytes = totalBytes;
    }

    /**
     * A new generator of the fixture's events: event {@code i} of the fixture is {@code generate(i)}. Task 0 of the
     * quickstart's connector draws the same events, with wall-clock event times.
     */
    public static ReferenceEventGenerator generator() {
        return ReferenceEventGenerator.builder()
                .seed(SEED)
                .task(TASK)
                .hotShare(HOT_SHARE)
                .hotThreshold(RoutingRules.HOT_THRESHOLD)
                .clock(EventClock.synthetic(Instant.parse(EVENT_TIME_START), 1.0))
                .build();
    }

    /** The benchmark fixture: the first {@value #SIZE} events of seed {@value #SEED}, built once per JVM. */
    public static EventFixture standard() {
        EventFixture fixture = standard;
        if (fixture == null) {
            synchronized (EventFixture.class) {
                fixture = standard;
                if (fixture == null) {
                    fixture = new EventFixture(SIZE);
                    standard = fixture;
                }
            }
        }
        return fixture;
    }

    /** What a record of event {@code i} has in common across the three value types. */
    private record RecordShape(Map<String, Object> sourcePartition, Map<String, Object> sourceOffset, String key,
                               long timestamp, boolean retry, boolean hot) {

        SourceRecord record(Schema valueSchema, Object value) {
            ConnectHeaders headers = new ConnectHeaders();
            if (retry) {
                headers.addString(RoutingRules.RETRY_HEADER, "1");
            }
            if (hot) {
                headers.addString(HOT_HEADER, "1");
            }
            return new SourceRecord(sourcePartition, sourceOffset, TOPIC, null, ReferenceEventSchema.KEY_SCHEMA, key,
                    valueSchema, value, timestamp, headers);
        }
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

    /** The event of record {@code index} in the generator's schemaless form ({@link ReferenceEvent#toMap()}). */
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
