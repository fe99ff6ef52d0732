package dev.tiered.connect.transforms;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.routing.FakeClock;
import dev.tiered.connect.transforms.routing.FakeLagSource;

class PriorityRouterOverloadTest {

    private final FakeClock clock = new FakeClock();
    private final FakeLagSource lagSource = new FakeLagSource();
    private final AtomicReference<Map<String, Object>> adminConfig = new AtomicReference<>();
    private PriorityRouter<SourceRecord> router;

    @AfterEach
    void closeRouter() {
        router.close();
    }

    private PriorityRouter<SourceRecord> router(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        props.put("score.field", "priority");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        router = new PriorityRouter<>(clock, (group, admin, timeout) -> {
            adminConfig.set(admin);
            return lagSource;
        });
        router.configure(props);
        return router;
    }

    private SourceRecord route(double priority) {
        return router.apply(TestRecords.withValue(map("priority", priority)));
    }

    private static String demotion(SourceRecord record) {
        Header header = record.headers().lastWithName("tiered.demoted");
        return header == null ? null : (String) header.value();
    }

    // Rate limit

    @Test
    void demotesHotRecordsBeyondTheRate() {
        router("hot.max.records.per.second", "2");
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
        SourceRecord demoted = route(0.95);
        assertThat(demoted.topic()).isEqualTo("events.cold");
        assertThat(demotion(demoted)).isEqualTo("rate");
        assertThat(demoted.headers().lastWithName("tiered.route").value()).isEqualTo("cold");
        assertThat(demoted.headers().lastWithName("tiered.score").value()).isEqualTo(0.95);
    }

    @Test
    void routesHotAgainOnceTheRateAllows() {
        router("hot.max.records.per.second", "2");
        route(0.95);
        route(0.95);
        assertThat(demotion(route(0.95))).isEqualTo("rate");
        clock.advance(Duration.ofMillis(500));
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
        assertThat(route(0.95).topic()).isEqualTo("events.cold");
    }

    @Test
    void allowsTheConfiguredBurst() {
        router("hot.max.records.per.second", "1", "hot.burst.records", "5");
        for (int i = 0; i < 5; i++) {
            assertThat(route(0.95).topic()).isEqualTo("events.hot");
        }
        assertThat(route(0.95).topic()).isEqualTo("events.cold");
    }

    @Test
    void neverDemotesCriticalRecordsForRate() {
        router("hot.max.records.per.second", "1");
        route(0.95);
        assertThat(route(0.95).topic()).isEqualTo("events.cold");
        for (int i = 0; i < 10; i++) {
            SourceRecord critical = route(1.0);
            assertThat(critical.topic()).isEqualTo("events.hot");
            assertThat(demotion(critical)).isNull();
        }
    }

    @Test
    void chargesNoTokensForCriticalRecords() {
        router("hot.max.records.per.second", "1");
        route(1.0);
        route(1.0);
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
    }

    @Test
    void honoursALowerCriticalThreshold() {
        router("hot.max.records.per.second", "1", "critical.threshold", "0.95");
        route(0.91);
        assertThat(route(0.91).topic()).isEqualTo("events.cold");
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
    }

    @Test
    void neverTouchesColdRecords() {
        router("hot.max.records.per.second", "1");
        SourceRecord cold = route(0.1);
        assertThat(cold.topic()).isEqualTo("events.cold");
        assertThat(demotion(cold)).isNull();
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
    }

    @Test
    void countsDemotionsByReason() {
        router("hot.max.records.per.second", "1");
        route(0.95);
        route(0.95);
        route(0.95);
        assertThat(router.metrics().demotedByRate.sum()).isEqualTo(2);
        assertThat(router.metrics().routedHot.sum()).isEqualTo(1);
        assertThat(router.metrics().routedCold.sum()).isEqualTo(2);
    }

    // Lag

    private void lagRouter() {
        router("hot.lag.consumer.group", "hot-readers", "hot.lag.max", "1000", "hot.lag.check.interval.ms", "100",
                "hot.lag.admin.bootstrap.servers", "broker:9092", "hot.lag.admin.security.protocol", "SSL");
    }

    @Test
    void passesThePrefixedAdminSettingsToTheLagSource() {
        lagRouter();
        assertThat(adminConfig.get()).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SSL")
                .doesNotContainKey("hot.lag.admin.bootstrap.servers");
    }

    @Test
    void demotesHotRecordsWhileTheHotConsumersLag() {
        lagRouter();
        lagSource.lag(5000);
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
        await().atMost(Duration.ofSeconds(10)).until(() -> router.lagMonitor().lagging());
        SourceRecord demoted = route(0.95);
        assertThat(demoted.topic()).isEqualTo("events.cold");
        assertThat(demotion(demoted)).isEqualTo("lag");
        assertThat(router.metrics().demotedByLag.sum()).isEqualTo(1);
    }

    @Test
    void measuresTheHotTopicsItRoutedTo() {
        lagRouter();
        route(0.95);
        await().atMost(Duration.ofSeconds(10)).until(() -> !lagSource.requests().isEmpty());
        assertThat(lagSource.requests().get(0)).isEqualTo(Set.of("events.hot"));
    }

    @Test
    void neverDemotesCriticalRecordsForLag() {
        lagRouter();
        lagSource.lag(5000);
        route(0.95);
        await().atMost(Duration.ofSeconds(10)).until(() -> router.lagMonitor().lagging());
        SourceRecord critical = route(1.0);
        assertThat(critical.topic()).isEqualTo("events.hot");
        assertThat(demotion(critical)).isNull();
    }

    @Test
    void routesHotAgainOnceTheHotConsumersCatchUp() {
        lagRouter();
        lagSource.lag(5000);
        route(0.95);
        await().atMost(Duration.ofSeconds(10)).until(() -> router.lagMonitor().lagging());
        lagSource.lag(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> !router.lagMonitor().lagging());
        assertThat(route(0.95).topic()).isEqualTo("events.hot");
    }

    @Test
    void keepsDemotingWhileTheLagCannotBeMeasured() {
        lagRouter();
        lagSource.lag(5000);
        route(0.95);
        await().atMost(Duration.ofSeconds(10)).until(() -> router.lagMonitor().lagging());
        int before = lagSource.requests().size();
        lagSource.fail(new IllegalStateException("coordinator not available"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lagSource.requests().size() > before + 1);
        assertThat(demotion(route(0.95))).isEqualTo("lag");
    }
}
