package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ReferenceEventGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-23T08:15:30Z");
    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private static ReferenceEventGenerator generator(long seed, int task) {
        return ReferenceEventGenerator.builder().seed(seed).task(task)
                .clock(EventClock.synthetic(START, 1.0)).build();
    }

    @Test
    void sameSeedAndTaskGiveTheSameEvents() {
        ReferenceEventGenerator first = generator(42, 0);
        ReferenceEventGenerator second = generator(42, 0);
        for (long sequence = 0; sequence < 2_000; sequence++) {
            ReferenceEvent event = first.generate(sequence);
            assertThat(second.generate(sequence)).isEqualTo(event);
            assertThat(second.generate(sequence).toMap()).isEqualTo(event.toMap());
        }
    }

    @Test
    void anotherSeedOrTaskGivesOtherEvents() {
        ReferenceEventGenerator base = generator(42, 0);
        ReferenceEventGenerator otherSeed = generator(43, 0);
        ReferenceEventGenerator otherTask = generator(42, 1);
        for (long sequence = 0; sequence < 1_000; sequence++) {
            String id = base.generate(sequence).eventId();
            assertThat(otherSeed.generate(sequence).eventId()).isNotEqualTo(id);
            assertThat(otherTask.generate(sequence).eventId()).isNotEqualTo(id);
        }
        // Not merely other ids: the content differs too.
        List<String> types = new ArrayList<>();
        List<String> otherTypes = new ArrayList<>();
        for (long sequence = 0; sequence < 100; sequence++) {
            types.add(base.generate(sequence).eventType() + "/" + base.generate(sequence).userId());
            otherTypes.add(otherSeed.generate(sequence).eventType() + "/" + otherSeed.generate(sequence).userId());
        }
        assertThat(otherTypes).isNotEqualTo(types);
    }

    @Test
    void eventNGeneratedDirectlyEqualsEventNGeneratedInSequence() {
        ReferenceEventGenerator sequential = generator(7, 3);
        List<ReferenceEvent> inOrder = new ArrayList<>();
        for (long sequence = 0; sequence < 1_000; sequence++) {
            inOrder.add(sequential.generate(sequence));
        }
        ReferenceEventGenerator direct = generator(7, 3);
        SplittableRandom order = new SplittableRandom(1);
        for (int i = 0; i < 3_000; i++) {
            int sequence = order.nextInt(1_000);
            assertThat(direct.generate(sequence)).isEqualTo(inOrder.get(sequence));
        }
        // Far into the sequence costs the same as the start, and is as repeatable.
        long far = 987_654_321_012L;
        assertThat(generator(7, 3).generate(far)).isEqualTo(direct.generate(far));
        assertThat(direct.generate(far).sequence()).isEqualTo(far);
    }

    @Test
    void priorityAndTypeShortcutsAgreeWithTheFullEvent() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(5).hotShare(0.3).build();
        for (long sequence = 0; sequence < 5_000; sequence++) {
            ReferenceEvent event = generator.generate(sequence);
            assertThat(generator.priorityOf(sequence)).isEqualTo(event.priority());
            assertThat(generator.eventTypeOf(sequence)).isEqualTo(event.eventType());
            assertThat(generator.isHot(sequence)).isEqualTo(event.priority() >= 0.9);
        }
    }

    @Test
    void countHotCountsTheEventsAtOrAboveTheThreshold() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(11).hotShare(0.2).build();
        long expected = 0;
        for (long sequence = 100; sequence < 3_100; sequence++) {
            if (generator.generate(sequence).priority() >= 0.9) {
                expected++;
            }
        }
        assertThat(generator.countHot(100, 3_100)).isEqualTo(expected);
    }

    @Test
    void eventIdsAreUniqueVersion4Uuids() {
        ReferenceEventGenerator generator = generator(42, 0);
        Set<String> ids = new HashSet<>();
        for (long sequence = 0; sequence < 100_000; sequence++) {
            String id = generator.generate(sequence).eventId();
            assertThat(id).matches(UUID_V4);
            ids.add(id);
        }
        assertThat(ids).hasSize(100_000);
        assertThat(UUID.fromString(generator.generate(0).eventId()).version()).isEqualTo(4);
    }

    @Test
    void syntheticEventTimesAreStartPlusSequenceTimesStep() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder()
                .clock(EventClock.synthetic(START, 1.5)).build();
        assertThat(generator.generate(0).eventTime()).isEqualTo("2026-11-23T08:15:30.000Z");
        assertThat(generator.generate(3).eventTime()).isEqualTo("2026-11-23T08:15:30.004Z");
        assertThat(generator.generate(1_000).eventTimeMillis()).isEqualTo(START.toEpochMilli() + 1_500);
        assertThat(generator.generate(1_000).eventTime()).isEqualTo("2026-11-23T08:15:31.500Z");
        assertThat(generator.clock().isSynthetic()).isTrue();
    }

    @Test
    void wallClockEventTimesComeFromTheClockAndTheRestStaysTheSame() {
        long[] now = {START.toEpochMilli()};
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder()
                .clock(EventClock.wallClock(() -> now[0])).build();
        ReferenceEvent first = generator.generate(17);
        now[0] += 60_000;
        ReferenceEvent again = generator.generate(17);
        assertThat(first.eventTime()).isEqualTo("2026-11-23T08:15:30.000Z");
        assertThat(again.eventTime()).isEqualTo("2026-11-23T08:16:30.000Z");
        assertThat(again.eventId()).isEqualTo(first.eventId());
        assertThat(again.payload()).isEqualTo(first.payload());
        assertThat(again.priority()).isEqualTo(first.priority());
        assertThat(generator.clock().isSynthetic()).isFalse();
    }

    @Test
    void eventTimeTextIsIsoUtcWithMillisecondsAlways() {
        DateTimeFormatter expected = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);
        IsoTimestampFormatter formatter = new IsoTimestampFormatter();
        SplittableRandom random = new SplittableRandom(3);
        long[] samples = new long[2_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = random.nextLong(0L, 253_402_300_799_998L);
        }
        samples[0] = 0;
        samples[1] = START.toEpochMilli();
        samples[2] = 253_402_300_799_998L;
        for (long millis : samples) {
            assertThat(formatter.format(millis)).isEqualTo(expected.format(Instant.ofEpochMilli(millis)));
            // The cached seconds must not leak into the next call.
            assertThat(formatter.format(millis + 1)).isEqualTo(expected.format(Instant.ofEpochMilli(millis + 1)));
        }
    }

    @Test
    void everyEventHasTheReferenceFields() {
        ReferenceEventGenerator generator = generator(42, 0);
        for (long sequence = 0; sequence < 2_000; sequence++) {
            ReferenceEvent event = generator.generate(sequence);
            Map<String, Object> map = event.toMap();
            assertThat(map).containsOnlyKeys("event_id", "event_time", "event_type", "priority", "user_id",
                    "payload");
            assertThat(map.get("event_type")).isEqualTo(event.eventType().wireName());
            assertThat(event.userId()).matches("u-[0-9]+");
            assertThat(event.priority()).isBetween(0.0, 1.0);
            assertThat(Math.abs(event.priority() * 1000 - Math.round(event.priority() * 1000))).isLessThan(1e-9);
            assertThat(event.payload()).containsKeys("session_id", "page", "device", "geo", "campaign", "metrics",
                    "flags", "app");
        }
    }

    @Test
    void typeSpecificSectionsCarryWhatTheTypeIsAbout() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(42).hotShare(0.05)
                .mix(EventTypeMix.parse(List.of("payment:1", "fraud_signal:1", "surge_price:1", "page_view:0",
                        "click:0", "scroll:0", "search:0", "product_view:0", "add_to_cart:0", "video_play:0",
                        "login:0", "checkout_start:0", "remove_from_cart:0")))
                .build();
        Set<EventType> seen = new HashSet<>();
        for (long sequence = 0; sequence < 300; sequence++) {
            ReferenceEvent event = generator.generate(sequence);
            seen.add(event.eventType());
            Map<String, Object> payload = event.payload();
            switch (event.eventType()) {
                case PAYMENT -> assertThat(section(payload, "payment"))
                        .containsKeys("amount", "currency", "method", "order_id")
                        .satisfies(p -> assertThat((Double) p.get("amount")).isPositive());
                case FRAUD_SIGNAL -> assertThat(section(payload, "fraud"))
                        .containsKeys("risk_score", "reasons", "action")
                        .satisfies(f -> assertThat((List<?>) f.get("reasons")).isNotEmpty());
                case SURGE_PRICE -> assertThat(section(payload, "surge")).containsKeys("zone", "multiplier");
                default -> throw new AssertionError("Type turned off: " + event.eventType());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(EventType.PAYMENT, EventType.FRAUD_SIGNAL, EventType.SURGE_PRICE);
    }

    @Test
    void aUserLooksTheSameInEveryEvent() {
        ReferenceEventGenerator generator = generator(42, 0);
        Map<String, Object> firstGeo = null;
        Map<String, Object> firstDevice = null;
        String popularUser = "u-0";
        int seen = 0;
        for (long sequence = 0; sequence < 200_000 && seen < 5; sequence++) {
            ReferenceEvent event = generator.generate(sequence);
            if (event.userId().equals(popularUser)) {
                seen++;
                if (firstGeo == null) {
                    firstGeo = section(event.payload(), "geo");
                    firstDevice = section(event.payload(), "device");
                }
                assertThat(section(event.payload(), "geo")).isEqualTo(firstGeo);
                assertThat(section(event.payload(), "device")).isEqualTo(firstDevice);
            }
        }
        assertThat(seen).as("events of the most active user").isEqualTo(5);
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatThrownBy(() -> ReferenceEventGenerator.builder().hotShare(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hot share");
        assertThatThrownBy(() -> ReferenceEventGenerator.builder().hotThreshold(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hot threshold");
        assertThatThrownBy(() -> ReferenceEventGenerator.builder().task(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task id");
        assertThatThrownBy(() -> generator(1, 0).generate(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Sequence");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> payload, String name) {
        Object section = payload.get(name);
        assertThat(section).as("payload section %s", name).isInstanceOf(Map.class);
        return (Map<String, Object>) section;
    }
}
