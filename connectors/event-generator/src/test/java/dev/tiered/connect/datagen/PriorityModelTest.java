package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriorityModelTest {

    private static final int EVENTS = 100_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.01, 0.05, 0.2, 0.5, 1.0})
    void theShareOfHotEventsIsTheConfiguredHotShare(double hotShare) {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(42).hotShare(hotShare).build();
        long hot = generator.countHot(0, EVENTS);
        // Binomial: 4.5 standard deviations at most 0.007 for 100,000 events.
        double tolerance = 4.5 * Math.sqrt(hotShare * (1 - hotShare) / EVENTS);
        assertThat(hot / (double) EVENTS).isCloseTo(hotShare, within(tolerance + 1e-12));
        if (hotShare == 0.0) {
            assertThat(hot).isZero();
        }
        if (hotShare == 1.0) {
            assertThat(hot).isEqualTo(EVENTS);
        }
    }

    @Test
    void theModelsProbabilitiesAddUpToTheHotShareExactly() {
        for (EventTypeMix mix : List.of(EventTypeMix.defaults(), EventTypeMix.parse(List.of("payment:50")),
                EventTypeMix.parse(List.of("fraud_signal:0", "payment:0", "surge_price:0")))) {
            for (double share : new double[] {0, 0.01, 0.05, 0.3, 0.9, 1}) {
                PriorityModel model = new PriorityModel(mix, share, 0.9);
                double marginal = 0;
                for (EventType type : EventType.values()) {
                    marginal += mix.share(type) * model.hotProbability(type);
                    assertThat(model.hotProbability(type)).isBetween(0.0, 1.0);
                }
                assertThat(marginal).as("%s at %s", mix, share).isCloseTo(share, within(1e-12));
            }
        }
    }

    @Test
    void highPriorityTypesAreMuchMoreLikelyToBeHot() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(42).hotShare(0.05).build();
        Map<Boolean, long[]> byKind = new HashMap<>();
        Map<EventType, Long> hotByType = new EnumMap<>(EventType.class);
        for (long sequence = 0; sequence < EVENTS; sequence++) {
            EventType type = generator.eventTypeOf(sequence);
            boolean hot = generator.isHot(sequence);
            long[] counts = byKind.computeIfAbsent(type.isHighPriority(), k -> new long[2]);
            counts[0]++;
            if (hot) {
                counts[1]++;
                hotByType.merge(type, 1L, Long::sum);
            }
        }
        double highRate = byKind.get(true)[1] / (double) byKind.get(true)[0];
        double ordinaryRate = byKind.get(false)[1] / (double) byKind.get(false)[0];
        assertThat(highRate).isCloseTo(0.5, within(0.02));
        assertThat(ordinaryRate).isCloseTo(0.0161, within(0.003));
        assertThat(highRate).isGreaterThan(10 * ordinaryRate);
        assertThat(hotByType).containsKeys(EventType.PAYMENT, EventType.FRAUD_SIGNAL, EventType.SURGE_PRICE,
                EventType.PAGE_VIEW);
    }

    @Test
    void priorityIsHotExactlyWhenAtOrAboveTheThreshold() {
        for (double threshold : new double[] {0.9, 0.75, 0.95, 0.0005, 1.0, 0.3333}) {
            PriorityModel model = new PriorityModel(EventTypeMix.defaults(), 0.5, threshold);
            for (EventType type : EventType.values()) {
                for (double u = 0; u < 1; u += 0.0007) {
                    double hot = model.priority(type, true, u);
                    double cold = model.priority(type, false, u);
                    assertThat(hot).as("hot priority at %s", threshold).isBetween(threshold, 1.0);
                    if (threshold > 0.001) {
                        assertThat(cold).as("cold priority at %s", threshold).isGreaterThanOrEqualTo(0.0)
                                .isLessThan(threshold);
                    }
                }
            }
        }
    }

    @Test
    void theRouterThresholdAsConfiguredSeesExactlyTheHotEvents() {
        // The router parses "0.9" from its config; the priorities must compare against that very double.
        double routerThreshold = Double.parseDouble("0.9");
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(1).hotShare(0.5).build();
        for (long sequence = 0; sequence < 20_000; sequence++) {
            double priority = generator.priorityOf(sequence);
            assertThat(priority >= routerThreshold).isEqualTo(generator.isHot(sequence));
        }
    }

    @Test
    void ordinaryColdPrioritiesLeanLowAndHighPriorityColdOnesHigh() {
        ReferenceEventGenerator generator = ReferenceEventGenerator.builder().seed(42).hotShare(0.05).build();
        double ordinarySum = 0;
        long ordinary = 0;
        double highSum = 0;
        long high = 0;
        for (long sequence = 0; sequence < 50_000; sequence++) {
            double priority = generator.priorityOf(sequence);
            if (priority >= 0.9) {
                continue;
            }
            if (generator.eventTypeOf(sequence).isHighPriority()) {
                highSum += priority;
                high++;
            } else {
                ordinarySum += priority;
                ordinary++;
            }
        }
        assertThat(ordinarySum / ordinary).isCloseTo(0.3, within(0.02));
        assertThat(highSum / high).isCloseTo(0.67, within(0.03));
    }
}
