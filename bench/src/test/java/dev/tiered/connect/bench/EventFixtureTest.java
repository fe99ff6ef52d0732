package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tiered.connect.bench.EventFixture.ValueType;
import dev.tiered.connect.datagen.EventType;
import dev.tiered.connect.datagen.ReferenceEventGenerator;
import dev.tiered.connect.datagen.ReferenceEventSchema;

/** The fixture is the generator's reference workload, and it exercises every branch of every rule. */
class EventFixtureTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventFixture fixture = EventFixture.standard();

    @Test
    void isTheGeneratorsEventsDeterministicallyAndSizedForMaskCycling() {
        assertThat(fixture.size()).isEqualTo(EventFixture.SIZE);
        assertThat(Integer.bitCount(fixture.size())).isEqualTo(1);
        // Same seed, same events: the figures in RESULTS.md are reproducible, and the fixture is the generator's.
        ReferenceEventGenerator again = EventFixture.generator();
        for (int i : new int[] {0, 1, 17, EventFixture.SIZE - 1}) {
            assertThat(again.generate(i).toMap()).isEqualTo(fixture.event(i));
        }
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
        assertThat(types).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(EventType::wireName).toList());
        // The generator's hot share: 5% of events have priority >= 0.9.
        assertThat(highPriority / (double) fixture.size()).isBetween(0.035, 0.07);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleMatchesSomeRecordsAndMissesOthers() {
        int fraud = 0;
        int otherTypes = 0;
        int surgeIn = 0;
        int surgeOut = 0;
        int bigPayment = 0;
        int smallPayment = 0;
        int vip = 0;
        int notVip = 0;
        int loginFailed = 0;
        int loginSucceeded = 0;
        int retry = 0;
        int failuresMissed = 0;
        int hotByRuleOnly = 0;
        int hot = 0;
        for (int i = 0; i < fixture.size(); i++) {
            Map<String, Object> event = fixture.event(i);
            Map<String, Object> payload = (Map<String, Object>) event.get("payload");
            Map<String, Object> geo = (Map<String, Object>) payload.get("geo");
            String type = (String) event.get("event_type");
            if (type.equals("fraud_signal")) {
                fraud++;
            } else {
                otherTypes++;
            }
            if (type.equals("surge_price")) {
                if (List.of("US", "GB", "DE").contains(geo.get("country"))) {
                    surgeIn++;
                } else {
                    surgeOut++;
                }
            }
            if (type.equals("payment")) {
                Map<String, Object> payment = (Map<String, Object>) payload.get("payment");
                if ((Double) payment.get("amount") >= RoutingRules.BIG_PAYMENT) {
                    bigPayment++;
                } else {
                    smallPayment++;
                }
            } else {
                assertThat(payload).doesNotContainKey("payment");
            }
            if (((String) event.get("user_id")).matches("u-1[0-9]{3}")) {
                vip++;
            } else {
                notVip++;
            }
            boolean failedLogin = false;
            if (type.equals("login")) {
                failedLogin = !(Boolean) ((Map<String, Object>) payload.get("login")).get("success");
                loginFailed += failedLogin ? 1 : 0;
                loginSucceeded += failedLogin ? 0 : 1;
            } else {
                assertThat(payload).doesNotContainKey("login");
            }
            retry += fixture.hasRetryHeader(i) ? 1 : 0;
            failuresMissed += !failedLogin && !fixture.hasRetryHeader(i) ? 1 : 0;
            hot += fixture.hot(i) ? 1 : 0;
            if (fixture.hot(i) && (Double) event.get("priority") < 0.9) {
                hotByRuleOnly++;
            }
        }
        assertThat(List.of(fraud, otherTypes, surgeIn, surgeOut, bigPayment, smallPayment, vip, notVip, loginFailed,
                loginSucceeded, retry, failuresMissed, hotByRuleOnly))
                .allMatch(count -> count > 0);
        // About 1% of records carry x-retry.
        assertThat(retry / (double) fixture.size()).isBetween(0.005, 0.02);
        assertThat(hot / (double) fixture.size()).isBetween(0.05, 0.12);
    }

    @Test
    void theThreeValueTypesCarryTheSameEvent() throws IOException {
        int i = 17;
        SourceRecord map = fixture.records(ValueType.MAP)[i];
        SourceRecord struct = fixture.records(ValueType.STRUCT)[i];
        SourceRecord json = fixture.records(ValueType.JSON_BYTES)[i];
        Map<String, Object> event = fixture.event(i);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);

        // The Map is JsonConverter's reading of the generator's event (HashMaps, integers as Long): as JSON, the same
        // document as the generator's map and as the byte[] value.
        assertThat(map.value()).isInstanceOf(Map.class);
        assertThat(map.valueSchema()).isNull();
        JsonNode document = MAPPER.readTree(converter.fromConnectData(EventFixture.TOPIC, null, event));
        assertThat(MAPPER.readTree(converter.fromConnectData(EventFixture.TOPIC, null, map.value())))
                .isEqualTo(document);
        assertThat(MAPPER.readTree((byte[]) json.value())).isEqualTo(document);
        assertThat(((Map<?, ?>) map.value()).get("priority")).isEqualTo(event.get("priority"));

        assertThat(struct.value()).isInstanceOf(Struct.class);
        assertThat(struct.valueSchema()).isSameAs(ReferenceEventSchema.VALUE_SCHEMA);
        Struct value = (Struct) struct.value();
        assertThat(value.getString("event_id")).isEqualTo(event.get("event_id"));
        assertThat(value.getFloat64("priority")).isEqualTo(event.get("priority"));
        assertThat(value.getStruct("payload").getStruct("geo").getString("country"))
                .isEqualTo(((Map<?, ?>) ((Map<?, ?>) event.get("payload")).get("geo")).get("country"));

        assertThat(json.value()).isInstanceOf(byte[].class);
        assertThat(new String((byte[]) json.value(), StandardCharsets.UTF_8))
                .startsWith("{\"event_id\":\"" + event.get("event_id") + "\"");
        assertThat(List.of(map.topic(), struct.topic(), json.topic())).containsOnly(EventFixture.TOPIC);
        // Keyed and timestamped as the generator's source task does it.
        assertThat(List.of(map.key(), struct.key(), json.key())).containsOnly(event.get("user_id"));
        assertThat(map.timestamp()).isEqualTo(EventFixture.generator().generate(i).eventTimeMillis());
    }
}
