package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventTypeMixTest {

    @Test
    void theDefaultMixIsSkewedWithRareHighPriorityTypes() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(42).build();
        int events = 100_000;
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        for (long sequence = 0; sequence < events; sequence++) {
            counts.merge(generator.eventTypeOf(sequence), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(EventType.values());
        for (EventType type : EventType.values()) {
            assertThat(counts.get(type) / (double) events).as(type.wireName())
                    .isCloseTo(type.defaultWeight() / 100.0, within(0.004));
        }
        List<Integer> sorted = counts.values().stream().sorted(Comparator.reverseOrder()).toList();
        assertThat(sorted.get(0) + sorted.get(1) + sorted.get(2)).as("the three most common types")
                .isGreaterThan(events / 2);
        assertThat(counts.get(EventType.PAGE_VIEW)).isEqualTo(sorted.get(0));
        int highPriority = counts.get(EventType.PAYMENT) + counts.get(EventType.FRAUD_SIGNAL)
                + counts.get(EventType.SURGE_PRICE);
        assertThat(highPriority / (double) events).isCloseTo(0.07, within(0.005));
        assertThat(EventTypeMix.defaults().highPriorityShare()).isCloseTo(0.07, within(1e-12));
    }

    @Test
    void overridesReplaceSomeWeightsAndKeepTheOthers() {
        EventTypeMix mix = EventTypeMix.parse(List.of("fraud_signal:11", " PAGE_VIEW : 0 "));
        assertThat(mix.share(EventType.PAGE_VIEW)).isZero();
        assertThat(mix.share(EventType.FRAUD_SIGNAL)).isCloseTo(11.0 / 79.0, within(1e-12));
        assertThat(mix.share(EventType.CLICK)).isCloseTo(18.0 / 79.0, within(1e-12));
        assertThat(mix.types()).doesNotContain(EventType.PAGE_VIEW).contains(EventType.FRAUD_SIGNAL);

        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().mix(mix).build();
        for (long sequence = 0; sequence < 20_000; sequence++) {
            assertThat(generator.eventTypeOf(sequence)).isNotEqualTo(EventType.PAGE_VIEW);
        }
    }

    @Test
    void aMixOfOneTypeGivesOnlyThatType() {
        List<String> entries = new ArrayList<>();
        for (EventType type : EventType.values()) {
            entries.add(type.wireName() + ":" + (type == EventType.LOGIN ? "1" : "0"));
        }
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder()
                .mix(EventTypeMix.parse(entries)).build();
        for (long sequence = 0; sequence < 10_000; sequence++) {
            assertThat(generator.eventTypeOf(sequence)).isEqualTo(EventType.LOGIN);
        }
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> EventTypeMix.parse(List.of("purchase:3")))
                .hasMessageContaining("'purchase' is not an event type");
        assertThatThrownBy(() -> EventTypeMix.parse(List.of("payment")))
                .hasMessageContaining("'payment' is not <event_type>:<weight>");
        assertThatThrownBy(() -> EventTypeMix.parse(List.of("payment:lots")))
                .hasMessageContaining("weight of 'payment' is not a number");
        assertThatThrownBy(() -> EventTypeMix.parse(List.of("payment:-1")))
                .hasMessageContaining("weight of 'payment' must be a finite number of at least 0");
        assertThatThrownBy(() -> EventTypeMix.parse(List.of("payment:1", "payment:2")))
                .hasMessageContaining("'payment' is listed twice");
        List<String> allOff = new ArrayList<>();
        for (EventType type : EventType.values()) {
            allOff.add(type.wireName() + ":0");
        }
        assertThatThrownBy(() -> EventTypeMix.parse(allOff)).hasMessageContaining("positive weight");
    }
}
