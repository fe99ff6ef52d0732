package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The events as the worker's JsonConverter writes them: size, compressibility, and Map and Struct agreeing. */
class ReferenceEventFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double ONE_KB = 1024;
    private static JsonConverter schemaless;

    @BeforeAll
    static void converter() {
        schemaless = new JsonConverter();
        schemaless.configure(Map.of("schemas.enable", "false"), false);
    }

    private static ReferenceEventGenerator generator(long seed) {
        return ReferenceEventGenerator.builder().seed(seed)
                .clock(EventClock.synthetic(Instant.parse("2026-11-23T08:15:30Z"), 10)).build();
    }

    private static byte[] json(ReferenceEvent event) {
        return schemaless.fromConnectData("events", null, event.toMap());
    }

    @Test
    void schemalessEventsAreAboutOneKilobyteOfJson() {
        // Measured for seed 42: mean 1027 bytes, all between 896 and 1178 (-12.5% to +15% of 1 KiB).
        for (long seed : new long[] {42, 7}) {
            ReferenceEventGenerator generator = generator(seed);
            int events = 50_000;
            long total = 0;
            int smallest = Integer.MAX_VALUE;
            int largest = 0;
            for (long sequence = 0; sequence < events; sequence++) {
                int size = json(generator.generate(sequence)).length;
                total += size;
                smallest = Math.min(smallest, size);
                largest = Math.max(largest, size);
            }
            double mean = total / (double) events;
            assertThat(mean).as("mean size, seed %s", seed).isBetween(0.95 * ONE_KB, 1.05 * ONE_KB);
            assertThat(smallest).as("smallest, seed %s", seed).isGreaterThanOrEqualTo((int) (0.8 * ONE_KB));
            assertThat(largest).as("largest, seed %s", seed).isLessThanOrEqualTo((int) (1.2 * ONE_KB));
        }
    }

    @Test
    void eventsCompressLikeRealTrafficNotLikeRandomPadding() throws IOException {
        ReferenceEventGenerator generator = generator(42);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (long sequence = 0; sequence < 1_000; sequence++) {
            raw.write(json(generator.generate(sequence)));
            raw.write('\n');
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            raw.writeTo(gzip);
        }
        // About 14% is measured; random padding would not compress below ~50%.
        assertThat(compressed.size()).isLessThan((int) (0.30 * raw.size()));
    }

    @Test
    void theSchemalessJsonHasTheReferenceShape() throws IOException {
        ReferenceEvent event = generator(42).generate(3);
        JsonNode json = JSON.readTree(json(event));
        assertThat(json.path("event_id").asText()).isEqualTo(event.eventId());
        assertThat(json.path("event_time").asText()).isEqualTo(event.eventTime())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(json.path("event_type").asText()).isEqualTo(event.eventType().wireName());
        assertThat(json.path("priority").isDouble()).isTrue();
        assertThat(json.path("priority").asDouble()).isEqualTo(event.priority());
        assertThat(json.path("user_id").asText()).isEqualTo(event.userId());
        assertThat(json.path("payload").path("page").path("url").asText()).startsWith("https://shop.example.com/");
        assertThat(json.path("payload").path("device").path("user_agent").asText()).isNotBlank();
    }

    @Test
    void structsValidateAgainstTheirSchemaAndCarryTheMapsContent() throws IOException {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(42).hotShare(0.3).build();
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (long sequence = 0; sequence < 3_000; sequence++) {
            ReferenceEvent event = generator.generate(sequence);
            types.add(event.eventType());
            Struct struct = event.toStruct();
            struct.validate();
            assertThat(struct.schema()).isSameAs(ReferenceEventSchema.VALUE_SCHEMA);
            assertThat(struct.get("event_time")).isEqualTo(new Date(event.eventTimeMillis()));

            // Written without schemas, the struct is the map but for event_time (a number) and the null sections.
            ObjectNode fromStruct = (ObjectNode) JSON.readTree(converter.fromConnectData("t", struct.schema(), struct));
            ObjectNode fromMap = (ObjectNode) JSON.readTree(converter.fromConnectData("t", null, event.toMap()));
            assertThat(fromStruct.path("event_time").asLong()).isEqualTo(event.eventTimeMillis());
            fromStruct.put("event_time", event.eventTime());
            Iterator<Map.Entry<String, JsonNode>> sections = fromStruct.path("payload").fields();
            while (sections.hasNext()) {
                if (sections.next().getValue().isNull()) {
                    sections.remove();
                }
            }
            assertThat(fromStruct).as("event %s", sequence).isEqualTo(fromMap);
        }
        assertThat(types).hasSize(EventType.values().length);
    }

    @Test
    void theSchemaIsNamedAndUsesTheTimestampLogicalType() {
        Schema schema = ReferenceEventSchema.VALUE_SCHEMA;
        assertThat(schema.name()).isEqualTo("dev.tiered.connect.datagen.ReferenceEvent");
        assertThat(schema.field("event_time").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.field("payload").schema().type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(schema.fields()).extracting(Field::name)
                .containsExactly("event_id", "event_time", "event_type", "priority", "user_id", "payload");
        assertThat(ReferenceEventSchema.KEY_SCHEMA).isEqualTo(Schema.STRING_SCHEMA);
    }
}
