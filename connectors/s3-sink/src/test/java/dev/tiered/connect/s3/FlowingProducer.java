package dev.tiered.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.testkit.ConnectTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Sends JSON records round-robin to every partition of a topic from its own thread until stopped (or a cap is
 * reached), each send of a round awaited, so records keep arriving while a test disrupts the sink. Optionally each
 * record carries a padding field (to make records big) and rounds start at a fixed interval (to bound the volume).
 */
final class FlowingProducer implements AutoCloseable {

    static final String[] REGIONS = {"eu", "us", "ap"};
    private static final int CAP_PER_PARTITION = 20_000;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final int paddingChars;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Its own thread: blocking a common-pool thread of a 2-core machine would stall other users of the pool. */
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flowing-producer");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Random random = new Random(42);
    private volatile int round;

    /** Small records (~100 bytes), as fast as the broker acknowledges them. */
    FlowingProducer(KafkaProducer<byte[], byte[]> producer, String topic, int partitions) {
        this(producer, topic, partitions, 0, Duration.ZERO);
    }

    /**
     * @param paddingChars  length of a pseudo-random "padding" string field in every record (0: none)
     * @param roundInterval delay between the start of one round (a record to each partition) and the next one's;
     *                      zero: back to back
     */
    FlowingProducer(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, int paddingChars,
                    Duration roundInterval) {
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.paddingChars = paddingChars;
        if (roundInterval.isZero()) {
            thread.execute(() -> {
                while (sendRound()) {
                    // next round
                }
            });
        } else {
            thread.scheduleWithFixedDelay(() -> {
                if (!done.isDone()) {
                    sendRound();
                }
            }, 0, roundInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one round and waits for it; false (and done) once stopped, capped or failed. */
    private boolean sendRound() {
        if (!running.get() || round >= CAP_PER_PARTITION) {
            done.complete(null);
            return false;
        }
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                String value = "{\"id\":" + round + ",\"region\":\"" + REGIONS[(round + p) % REGIONS.length]
                        + "\",\"note\":\"record " + round + " of partition " + p + "\""
                        + (paddingChars > 0 ? ",\"padding\":\"" + padding() + "\"" : "") + "}";
                byte[] key = ("k" + round).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(topic, p, key, value.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
            round++;
            return true;
        } catch (Exception e) {
            done.completeExceptionally(new IllegalStateException("producing to " + topic + " failed", e));
            return false;
        }
    }

    private String padding() {
        char[] chars = new char[paddingChars];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    /** Stops after the round under way, and fails if producing failed. */
    void stop() throws Exception {
        running.set(false);
        done.get(60, TimeUnit.SECONDS);
    }

    /** Rounds sent so far (records per partition). */
    int rounds() {
        return round;
    }

    /** The log end offset of every partition (the producer must be stopped). */
    Map<Integer, Long> endOffsets(ConnectTestCluster cluster) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        cluster.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        assertThat(ends.values()).as("records produced per partition").allMatch(end -> end > 0);
        return ends;
    }

    @Override
    public void close() {
        running.set(false);
        thread.shutdown();
    }
}
