package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightRecordsTest {

    /** A wait no test run reaches: a test that depends on being woken hangs (until the future's guard) if not. */
    private static final Duration FOREVER = Duration.ofDays(1);
    private static final long GUARD_SECONDS = 60;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void shutDown() {
        threads.shutdownNow();
    }

    @Test
    void roomIsTheLimitLessThePolledNotYetAcknowledged() throws InterruptedException {
        InFlightRecords inFlight = new InFlightRecords(10);
        assertThat(inFlight.awaitRoom(Duration.ZERO)).isEqualTo(10);
        inFlight.polled(7);
        assertThat(inFlight.inFlight()).isEqualTo(7);
        assertThat(inFlight.awaitRoom(Duration.ZERO)).isEqualTo(3);
        inFlight.acknowledged();
        inFlight.acknowledged();
        assertThat(inFlight.inFlight()).isEqualTo(5);
        assertThat(inFlight.awaitRoom(Duration.ZERO)).isEqualTo(5);
        inFlight.polled(5);
        assertThat(inFlight.awaitRoom(Duration.ofMillis(20))).as("full: the wait times out").isZero();
    }

    @Test
    void aBatchLargerThanTheRoomCountsWhole() throws InterruptedException {
        // ReplicationStream.poll keeps the records of one offset together, so a batch may pass the room
        InFlightRecords inFlight = new InFlightRecords(4);
        inFlight.polled(6);
        assertThat(inFlight.awaitRoom(Duration.ZERO)).isZero();
        inFlight.acknowledged();
        inFlight.acknowledged();
        assertThat(inFlight.awaitRoom(Duration.ZERO)).isZero();
        inFlight.acknowledged();
        assertThat(inFlight.awaitRoom(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void withoutALimitThereIsAlwaysRoom() throws InterruptedException {
        InFlightRecords inFlight = new InFlightRecords(0);
        inFlight.polled(1_000_000);
        assertThat(inFlight.bounded()).isFalse();
        assertThat(inFlight.awaitRoom(FOREVER)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new InFlightRecords(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAcknowledgementFromAnotherThreadWakesTheWaitingPoll() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(2);
        inFlight.polled(2);
        Future<Integer> poll = threads.submit(() -> inFlight.awaitRoom(FOREVER));
        threads.submit(inFlight::acknowledged).get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(poll.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void closeReleasesTheWaitingPollAndEveryLaterOne() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(1);
        inFlight.polled(1);
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.awaitRoom(FOREVER);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        inFlight.close();
        assertThat(poll.get(GUARD_SECONDS, TimeUnit.SECONDS)).isZero();
        inFlight.acknowledged();
        assertThat(inFlight.awaitRoom(FOREVER)).as("closed: no more records, whatever the room").isZero();
    }

    @Test
    void theWaitIsInterruptible() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(1);
        inFlight.polled(1);
        Future<Integer> poll = threads.submit(() -> inFlight.awaitRoom(FOREVER));
        threads.shutdownNow();
        assertThat(threads.awaitTermination(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(poll).isDone();
        assertThatThrownBy(poll::get).hasCauseInstanceOf(InterruptedException.class);
    }

    /**
     * One poller and four "producer threads" that acknowledge what was polled, in any order: the records in flight
     * never exceed the limit, and every record polled is acknowledged in the end.
     */
    @Test
    void concurrentAcknowledgementsKeepTheBoundAndLoseNothing() throws Exception {
        int limit = 64;
        int total = 200_000;
        InFlightRecords inFlight = new InFlightRecords(limit);
        BlockingQueue<Integer> sent = new LinkedBlockingQueue<>();
        AtomicLong maxInFlight = new AtomicLong();
        List<Future<?>> producers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            producers.add(threads.submit(() -> {
                while (true) {
                    int batch = sent.take();
                    if (batch < 0) {
                        return null;
                    }
                    for (int record = 0; record < batch; record++) {
                        inFlight.acknowledged();
                    }
                }
            }));
        }
        Future<Long> poller = threads.submit(() -> {
            long polled = 0;
            while (polled < total) {
                int room = inFlight.awaitRoom(FOREVER);
                int batch = (int) Math.min(Math.min(room, 7), total - polled);
                inFlight.polled(batch);
                maxInFlight.accumulateAndGet(inFlight.inFlight(), Math::max);
                polled += batch;
                // acknowledged one by one or several at a time, as producer batches complete
                for (int record = 0; record < batch; record++) {
                    sent.put(1);
                }
            }
            return polled;
        });
        assertThat(poller.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(total);
        for (int i = 0; i < producers.size(); i++) {
            sent.put(-1);
        }
        for (Future<?> producer : producers) {
            producer.get(GUARD_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(inFlight.inFlight()).isZero();
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(limit).isPositive();
    }

    @Test
    void theConfigKeyDefaultsTo8192AndZeroTurnsTheBoundOff() {
        Map<String, String> props = new HashMap<>();
        props.put("database.hostname", "db.example");
        props.put("database.user", "cdc");
        props.put("database.dbname", "shop");
        props.put("topic.prefix", "shop");
        assertThat(new PostgresCdcConfig(props).maxInFlightRecords()).isEqualTo(8192);
        props.put(PostgresCdcConfig.MAX_IN_FLIGHT_RECORDS_CONFIG, "0");
        assertThat(new PostgresCdcConfig(props).maxInFlightRecords()).isZero();
        props.put(PostgresCdcConfig.MAX_IN_FLIGHT_RECORDS_CONFIG, "-1");
        assertThatThrownBy(() -> new PostgresCdcConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PostgresCdcConfig.MAX_IN_FLIGHT_RECORDS_CONFIG);
    }
}
