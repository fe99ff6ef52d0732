package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.bench.EventFixture.ValueType;

/** The fixture is the workload the brief describes, and it exercises every branch of every rule. */
class EventFixtureTest {

    private final EventFixture fixture = EventFixture.standard();

    @Test
    void isDeterministicAndSizedForMaskCycling() {
        assertThat(fixture.size()).isEqualTo(EventFixture.SIZE);
        assertThat(Integer.bitCount(fixture.size())).isEqualTo(1);
        // Same seed, same first event: the figures in RESULTS.md are reproducible.
        ReferenceEvents again = new ReferenceEvents(EventFixture.SEED);
        assertThat(again.next()).isEqualTo(fixture.event(0));
    }

    @Test
    void looksLikeTheReferenceEvents() {
        assertThat(fixture.meanJsonBytes()).isBetween(800.0, 1300.0);

        Set<String> types = new HashSet<>();
        int highPriority = 0;
        for (int i = 0; i < fixture.size(); i++) {
            types.add((String) fixture.event(i).get("event_type"));
            if ((Double) fixture.event(i).get("priority") >= 0.9) {
                highPriority++;
            }
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(ReferenceEvents.eventTypes()).hasSizeGreaterThan(11);
        // About 5% of events have priority >= 0.9.
        assertThat(highPriority / (double) fixture.size()).isBetween(0.035, 0.07);
    }

    @Test
    void everyRuleMatchesSomeRecordsAndMissesOthers() {
        int fraud = 0;
        int surgeIn = 0;
        int surgeOut = 0;
        int bigPayment = 0;
        int smallPayment = 0;
        int vip = 0;
        int errorFlag = 0;
        int retry = 0;
        int hotByRuleOnly = 0;
        int hot = 0;
        for (int i = 0; i < fixture.size(); i++) {
            Map<String, Object> event = fixture.event(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) event.get("payload");
            @SuppressWarnings("unchecked")
            Map<String, Object> geo = (Map<String, Object>) payload.get("geo");
            @SuppressWarnings("unchecked")
            Map<String, Object> flags = (Map<String, Object>) payload.get("flags");
            String type = (String) event.get("event_type");
            fraud += type.equals("fraud_signal") ? 1 : 0;
            if (type.equals("surge_price")) {
                if (List.of("US", "GB", "DE").contains(geo.get("country"))) {
                    surgeIn++;
                } else {
                    surgeOut++;
                }
            }
            if (type.equals("payment")) {
                if ((Double) payload.get("amount") >= 1000) {
                    bigPayment++;
                } else {
                    smallPayment++;
                }
            }
            vip += ((String) event.get("user_id")).matches("u-1[0-9]{3}") ? 1 : 0;
            errorFlag += Boolean.TRUE.equals(flags.get("error")) ? 1 : 0;
            retry += fixture.hasRetryHeader(i) ? 1 : 0;
            hot += fixture.hot(i) ? 1 : 0;
            if (fixture.hot(i) && (Double) event.get("priority") < 0.9) {
                hotByRuleOnly++;
            }
        }
        assertThat(List.of(fraud, surgeIn, surgeOut, bigPayment, smallPayment, vip, errorFlag, retry, hotByRuleOnly))
                .allMatch(count -> count > 0);
        assertThat(hot / (double) fixture.size()).isBetween(0.05, 0.12);
    }

    @Test
    void theThreeValueTypesCarryTheSameEvent() {
        int i = 17;
        SourceRecord map = fixture.records(ValueType.MAP)[i];
        SourceRecord struct = fixture.records(ValueType.STRUCT)[i];
        SourceRecord json = fixture.records(ValueType.JSON_BYTES)[i];
        Map<String, Object> event = fixture.event(i);

        assertThat(map.value()).isInstanceOf(Map.class).isEqualTo(event);
        assertThat(map.valueSchema()).isNull();
        assertThat(struct.value()).isInstanceOf(Struct.class);
        Struct value = (Struct) struct.value();
        assertThat(value.getString("event_id")).isEqualTo(event.get("event_id"));
        assertThat(value.getStruct("payload").getStruct("geo").getString("country"))
                .isEqualTo(((Map<?, ?>) ((Map<?, ?>) event.get("payload")).get("geo")).get("country"));
        assertThat(json.value()).isInstanceOf(byte[].class);
        assertThat(new String((byte[]) json.value(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"event_id\":\"" + event.get("event_id") + "\"");
        assertThat(List.of(map.topic(), struct.topic(), json.topic())).containsOnly(EventFixture.TOPIC);
    }
}
