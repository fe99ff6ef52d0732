package dev.tiered.connect.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.KafkaThread;

/**
 * One JVM shutdown hook for everything the test kit started, stopping it in a safe order: first the Connect clusters
 * (each stops its workers before its brokers, and connectors still see their databases and buckets while they shut
 * down), then the S3 and PostgreSQL servers, then Kafka's temporary directories are deleted. Every stop runs with a time limit, so that a hanging worker cannot keep a
 * PostgreSQL process alive or hold up the JVM beyond the time Maven's forked test JVMs are given to exit (30 s).
 */
final class ShutdownHooks {

    enum Phase {
        CONNECT(Duration.ofSeconds(15)),
        SERVICES(Duration.ofSeconds(8)),
        CLEANUP(Duration.ofSeconds(4));

        private final Duration limit;

        Phase(Duration limit) {
            this.limit = limit;
        }
    }

    private record Entry(Phase phase, String description, Runnable stop) {
    }

    private static final Map<Object, Entry> ENTRIES = new IdentityHashMap<>();
    private static boolean installed;

    private ShutdownHooks() {
    }

    /** Stops {@code owner} with {@code stop} when the JVM exits, unless {@linkplain #unregister(Object) unregistered}. */
    static synchronized void register(Object owner, Phase phase, String description, Runnable stop) {
        if (!installed) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHooks::stopAll, "testkit-shutdown"));
            } catch (IllegalStateException jvmAlreadyExiting) {
                return;
            }
            installed = true;
        }
        ENTRIES.put(owner, new Entry(phase, description, stop));
    }

    static synchronized void unregister(Object owner) {
        ENTRIES.remove(owner);
    }

    /**
     * Takes over two kinds of Kafka shutdown hooks (added through {@link Exit#addShutdownHook}), which race with the
     * test kit's own at JVM exit:
     * <ul>
     * <li>each Connect worker's {@code connect-shutdown-hook}: with it, the test kit could stop a broker under a worker
     *     that is still leaving its group, and the worker hangs until Maven kills the JVM. The test kit stops workers
     *     itself, before their brokers, so these are dropped;</li>
     * <li>Kafka's test utilities' {@code delete-temp-file-shutdown-hook}: it deletes a broker's log directory while
     *     the broker is still shutting down (errors logged by {@code ReplicaManager}). These run after everything is
     *     stopped instead.</li>
     * </ul>
     * Every other Kafka shutdown hook is added as usual.
     */
    static void takeOverKafkaShutdownHooks() {
        Exit.setShutdownHookAdder((name, runnable) -> {
            if ("connect-shutdown-hook".equals(name)) {
                return;
            }
            if ("delete-temp-file-shutdown-hook".equals(name)) {
                register(new Object(), Phase.CLEANUP, "delete-kafka-temp-dir", runnable);
                return;
            }
            Runtime.getRuntime().addShutdownHook(
                    name == null ? new Thread(runnable) : KafkaThread.nonDaemon(name, runnable));
        });
    }

    private static void stopAll() {
        long begin = System.nanoTime();
        List<Entry> entries;
        synchronized (ShutdownHooks.class) {
            entries = new ArrayList<>(ENTRIES.values());
            ENTRIES.clear();
        }
        for (Phase phase : Phase.values()) {
            List<Thread> stopping = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.phase() == phase) {
                    Thread thread = new Thread(() -> run(entry), "testkit-stop-" + entry.description());
                    thread.setDaemon(true);
                    thread.start();
                    stopping.add(thread);
                }
            }
            long deadline = System.nanoTime() + phase.limit.toNanos();
            for (Thread thread : stopping) {
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (thread.isAlive()) {
                    System.err.println("testkit: " + thread.getName() + " did not finish within " + phase.limit
                            + " at JVM exit; going on");
                }
            }
        }
        if (Boolean.getBoolean("tiered.testkit.verbose")) {
            System.err.printf("testkit: stopped %d service(s) at JVM exit in %d ms%n", entries.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        }
    }

    private static void run(Entry entry) {
        long begin = System.nanoTime();
        try {
            entry.stop().run();
            if (entry.phase() != Phase.CLEANUP && Boolean.getBoolean("tiered.testkit.verbose")) {
                System.err.printf("testkit: stopped %s in %d ms%n", entry.description(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            }
        } catch (RuntimeException | Error e) {
            // The JVM is exiting: report, never fail the exit.
            System.err.println("testkit: could not stop " + entry.description() + " cleanly at JVM exit: " + e);
        }
    }
}
