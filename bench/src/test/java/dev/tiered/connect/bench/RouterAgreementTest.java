package dev.tiered.connect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tiered.connect.bench.EventFixture.ValueType;

/**
 * Every router in the benchmark makes the same hot/cold decision as the plain-Java reference, on every fixture
 * record and every value type it is benchmarked on: a benchmark comparing routers that disagree would prove nothing.
 */
class RouterAgreementTest {

    private final EventFixture fixture = EventFixture.standard();
    private Transformation<SourceRecord> router;

    @AfterEach
    void close() {
        if (router != null) {
            router.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ValueType.class)
    void priorityRouterRoutesAndScoresLikeTheReference(ValueType type) {
        router = Routers.priorityRouter(true);
        SourceRecord[] records = fixture.records(type);
        for (int i = 0; i < records.length; i++) {
            SourceRecord routed = router.apply(records[i]);
            assertThat(routed.topic()).as("record %d", i).isEqualTo(fixture.expectedTopic(i));
            Header score = routed.headers().lastWithName("tiered.score");
            assertThat((Double) score.value()).as("score of record %d", i).isEqualTo(fixture.score(i));
            assertThat(routed.headers().lastWithName("tiered.route").value())
                    .isEqualTo(fixture.hot(i) ? "hot" : "cold");
            assertThat(routed.value()).isSameAs(records[i].value());
        }
    }

    @Test
    void priorityRouterWithoutHeadersRoutesLikeTheReference() {
        router = Routers.priorityRouter(false);
        fixture.verify("PriorityRouter (headers.enabled=false)", ValueType.MAP, router::apply);
    }

    @ParameterizedTest
    @EnumSource(ValueType.class)
    void debeziumContentBasedRouterRoutesLikeTheReference(ValueType type) {
        router = Routers.contentBasedRouter(type == ValueType.JSON_BYTES);
        fixture.verify("ContentBasedRouter", type, router::apply);
    }

    @ParameterizedTest
    @EnumSource(ValueType.class)
    void kafkaChainRoutesLikeTheReferenceOnTheProducersHeader(ValueType type) {
        router = Routers.kafkaChain();
        fixture.verify("Kafka chain", type, router::apply);
    }

    @Test
    void kafkaChainFilterStageDropsWhatItShould() {
        router = Routers.kafkaChain();
        SourceRecord test = fixture.records(ValueType.MAP)[0].newRecord(EventFixture.TOPIC, null, null, "k", null,
                "v", 0L);
        test.headers().addString("x-test", "1");
        assertThat(router.apply(test)).isNull();
    }

    @Test
    void verificationCatchesARouterThatDisagrees() {
        // The check the benchmarks run before measuring must be able to fail.
        assertThatThrownBy(() -> fixture.verify("always cold", ValueType.MAP,
                record -> record.newRecord(EventFixture.TOPIC + RoutingRules.COLD_SUFFIX, null, null, null, null,
                        record.value(), record.timestamp())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("instead of events.hot");
    }
}
