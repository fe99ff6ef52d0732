package dev.tiered.connect.transforms.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HotLagMonitorTest {

    private final FakeLagSource source = new FakeLagSource();
    private final FakeClock clock = new FakeClock();
    private final AtomicReference<Collection<String>> topics = new AtomicReference<>(Set.of("orders.hot"));
    private final HotLagMonitor monitor = new HotLagMonitor(source, topics::get, 100, Duration.ofMillis(10), clock);

    @AfterEach
    void closeMonitor() {
        monitor.close();
    }

    @Test
    void lagsWhileTheLagExceedsTheLimit() {
        source.lag(101);
        monitor.probe();
        assertThat(monitor.lagging()).isTrue();
        assertThat(monitor.lastLag()).isEqualTo(101);
    }

    @Test
    void doesNotLagAtTheLimit() {
        source.lag(100);
        monitor.probe();
        assertThat(monitor.lagging()).isFalse();
    }

    @Test
    void recoversWhenTheLagFalls() {
        source.lag(1000);
        monitor.probe();
        source.lag(5);
        monitor.probe();
        assertThat(monitor.lagging()).isFalse();
        assertThat(monitor.lastLag()).isEqualTo(5);
    }

    @Test
    void measuresTheTopicsItIsGiven() {
        topics.set(Set.of("a.hot", "b.hot"));
        monitor.probe();
        assertThat(source.requests()).containsExactly(Set.of("a.hot", "b.hot"));
    }

    @Test
    void measuresNothingBeforeAnyRecordScoredHot() {
        topics.set(Set.of());
        monitor.probe();
        assertThat(source.requests()).isEmpty();
        assertThat(monitor.lastLag()).isEqualTo(-1);
    }

    @Test
    void keepsThePreviousStateWhenAMeasurementFails() {
        source.lag(1000);
        monitor.probe();
        source.fail(new IllegalStateException("broker down"));
        monitor.probe();
        assertThat(monitor.lagging()).isTrue();
        assertThat(monitor.lastLag()).isEqualTo(1000);
    }

    @Test
    void warnsAboutFailuresAtMostOnceAMinute() {
        source.fail(new IllegalStateException("broker down"));
        monitor.probe();
        monitor.probe();
        clock.advance(Duration.ofSeconds(59));
        monitor.probe();
        assertThat(monitor.warningsLogged()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        monitor.probe();
        assertThat(monitor.warningsLogged()).isEqualTo(2);
    }

    @Test
    void warnsAgainAtOnceWhenFailuresReturnAfterASuccess() {
        source.fail(new IllegalStateException("broker down"));
        monitor.probe();
        source.lag(0);
        monitor.probe();
        source.fail(new IllegalStateException("broker down again"));
        monitor.probe();
        assertThat(monitor.warningsLogged()).isEqualTo(2);
    }

    @Test
    void measuresInTheBackground() {
        source.lag(500);
        monitor.start();
        await().atMost(Duration.ofSeconds(10)).until(monitor::lagging);
        source.lag(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !monitor.lagging());
    }

    @Test
    void stopsItsThreadAndClosesTheSourceOnceOnClose() {
        AtomicReference<Thread> probingThread = new AtomicReference<>();
        HotLagMonitor watched = new HotLagMonitor(source, () -> {
            probingThread.set(Thread.currentThread());
            return Set.of("orders.hot");
        }, 100, Duration.ofMillis(10), clock);
        watched.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> probingThread.get() != null);
        watched.close();
        watched.close();
        assertThat(source.closes()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !probingThread.get().isAlive());
        assertThatThrownBy(watched::start).isInstanceOf(IllegalStateException.class);
    }
}
