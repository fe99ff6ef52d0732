package dev.tiered.connect.s3.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The latency breaker opens on a slow window, ignores bandwidth-bound requests, and closes on fresh fast samples. */
class LatencyBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LatencyBreaker breaker = new LatencyBreaker(500, 30_000, 3, now::get);

    private void request(Request kind, long bytes, long millis) {
        breaker.onRequest(kind, bytes, true, millis * 1_000_000);
        now.addAndGet(100);
    }

    @Test
    void staysClosedWhileS3AnswersInTime() {
        for (int i = 0; i < 20; i++) {
            request(Request.PUT_OBJECT, 2_000, 40);
        }
        assertThat(breaker.evaluate()).isFalse();
        assertThat(breaker.meanLatencyMillis()).isEqualTo(40.0);
    }

    @Test
    void opensWhenTheWindowsMeanExceedsTheThresholdAndClosesOnFreshFastSamples() {
        request(Request.PUT_OBJECT, 2_000, 900);
        request(Request.HEAD_OBJECT, 0, 800);
        assertThat(breaker.evaluate()).as("too few samples to decide").isFalse();
        request(Request.LIST_OBJECTS, 0, 700);
        assertThat(breaker.evaluate()).isTrue();
        assertThat(breaker.trips()).isEqualTo(1);

        assertThat(breaker.evaluate()).as("no fresh evidence yet").isTrue();
        request(Request.HEAD_BUCKET, 0, 30);
        assertThat(breaker.evaluate()).as("a fast probe since it opened").isFalse();
        assertThat(breaker.trips()).isEqualTo(1);
    }

    @Test
    void stillSlowProbesKeepItOpen() {
        for (int i = 0; i < 3; i++) {
            request(Request.PUT_OBJECT, 100, 2_000);
        }
        assertThat(breaker.evaluate()).isTrue();
        request(Request.HEAD_BUCKET, 0, 1_500);
        assertThat(breaker.evaluate()).isTrue();
    }

    @Test
    void bandwidthBoundRequestsDoNotCount() {
        for (int i = 0; i < 10; i++) {
            request(Request.UPLOAD_PART, 25L * 1024 * 1024, 5_000);
            request(Request.PUT_OBJECT, 20L * 1024 * 1024, 4_000);
            request(Request.COPY_OBJECT, 0, 3_000);
        }
        assertThat(breaker.evaluate()).isFalse();
        assertThat(breaker.meanLatencyMillis()).isZero();
    }

    @Test
    void oldSamplesLeaveTheWindow() {
        for (int i = 0; i < 3; i++) {
            request(Request.PUT_OBJECT, 100, 2_000);
        }
        now.addAndGet(31_000);
        assertThat(breaker.evaluate()).isFalse();
    }

    @Test
    void aThresholdOfZeroDisablesIt() {
        LatencyBreaker disabled = new LatencyBreaker(0, 30_000, 1, now::get);
        disabled.onRequest(Request.PUT_OBJECT, 100, true, 60_000_000_000L);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.evaluate()).isFalse();
    }
}
