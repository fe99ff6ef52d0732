package dev.tiered.connect.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.faults.pipeline.CdcWriter;
import dev.tiered.connect.faults.pipeline.Delivered;
import dev.tiered.connect.faults.pipeline.Delivered.ChangeSeen;
import dev.tiered.connect.faults.pipeline.Delivered.StoredRow;
import dev.tiered.connect.faults.pipeline.Injections;
import dev.tiered.connect.faults.pipeline.PipelineConfigs;
import dev.tiered.connect.faults.pipeline.SinkMetrics;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.FaultInjectingProxy;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline (CDC source and event generator with the PriorityRouter, S3 sinks on the cold topics) on three
 * workers while workers leave and join, the broker and PostgreSQL restart and S3 fails in every way the proxy can:
 * every committed PostgreSQL change and every generated event ends up exactly once on a hot topic or in S3.
 */
class PipelineFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFaultsIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration S3_OUTAGE = Duration.ofSeconds(60);
    private static final Duration THROTTLING = Duration.ofSeconds(5);
    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final int SNAPSHOT_ROWS_PER_TABLE = 300;
    private static final long WRITER_PAUSE_MS = 100;
    private static final long MAX_EVENTS = 20_000;
    private static final int EVENTS_PER_SECOND = 160;
    private static final long MEMORY_BUDGET = 4L * 1024 * 1024;
    private static final String CHANGES_DIR = "changes";
    private static final String EVENTS_DIR = "events";
    /**
     * Three brokers, replication factor 3 and {@code min.insync.replicas} 2, so one broker can restart under load as in
     * production (a rolling restart); {@code -Dfaults.broker.restart=false} leaves it out.
     */
    private static final boolean BROKER_RESTART = Boolean.parseBoolean(
            System.getProperty("faults.broker.restart", "true"));
    private static final int BROKERS = 3;

    private final Injections injections = new Injections();
    private final Map<String, String> measured = new LinkedHashMap<>();
    private final Map<String, Integer> connectorTasks = new LinkedHashMap<>();
    private ConnectTestCluster cluster;

    @Test
    void everyChangeAndEventLandsOnceThroughWorkerBrokerPostgresAndS3Faults() throws Throwable {
        S3TestServer s3 = S3TestServer.shared();
        String prefix = TestNames.unique("shop");
        String events = TestNames.unique("events");
        Throwable failure = null;
        SinkMetrics metrics = null;
        CdcWriter writer = null;
        FaultInjectingProxy proxy = null;
        try (PostgresTestServer pg = PostgresTestServer.dedicated()) {
            cluster = ConnectTestCluster.builder().name(TestNames.unique("pipeline")).workers(3)
                    .brokers(BROKERS)
                    .brokerProperty("default.replication.factor", Integer.toString(BROKERS))
                    .brokerProperty("min.insync.replicas", "2")
                    .brokerProperty("offsets.topic.replication.factor", Integer.toString(BROKERS))
                    .brokerProperty("transaction.state.log.replication.factor", Integer.toString(BROKERS))
                    .brokerProperty("transaction.state.log.min.isr", "2")
                    .workerProperty("config.storage.replication.factor", Integer.toString(BROKERS))
                    .workerProperty("offset.storage.replication.factor", Integer.toString(BROKERS))
                    .workerProperty("status.storage.replication.factor", Integer.toString(BROKERS))
                    .pluginPath(InstalledPack.pluginPath())
                    .workerProperty("exactly.once.source.support", "enabled")
                    // Tasks of a worker that left are reassigned after this delay: keep the run short.
                    .workerProperty("scheduled.rebalance.max.delay.ms", "2000")
                    // Workers ride out the broker restart (~12 s on a busy machine) in their group: with the 10 s
                    // default they count themselves out, stop every task while the EOS producers cannot commit, and
                    // the restarted tasks' offset reads then wait on the stopped tasks' open transactions.
                    .workerProperty("session.timeout.ms", "30000")
                    .workerProperty("heartbeat.interval.ms", "3000")
                    .build().start();
            proxy = FaultInjectingProxy.to(s3.endpoint()).start();
            String db = pg.createDatabase("pipeline");
            writer = new CdcWriter(pg, db, WRITER_PAUSE_MS);
            writer.createTablesWithRows(SNAPSHOT_ROWS_PER_TABLE);
            String bucket = s3.createBucket("pipeline");

            String cdc = start("cdc", PipelineConfigs.cdcSource(pg, db, prefix), 1);
            String generator = start("generator", PipelineConfigs.generator(events, MAX_EVENTS, EVENTS_PER_SECOND), 2);
            Map<String, String> changesConfig = PipelineConfigs.changesSink(prefix, s3, proxy.endpoint(), bucket,
                    MEMORY_BUDGET, prefix + ".cold.dlq");
            changesConfig.put("topics.dir", CHANGES_DIR);
            String changesSink = start("changes-sink", changesConfig, 2);
            Map<String, String> eventsConfig = PipelineConfigs.eventsSink(events + ".cold", s3, proxy.endpoint(),
                    bucket, MEMORY_BUDGET, events + ".cold.dlq");
            eventsConfig.put("topics.dir", EVENTS_DIR);
            String eventsSink = start("events-sink", eventsConfig, 2);
            metrics = new SinkMetrics(List.of(changesSink, eventsSink));
            awaitHealthy("all connectors and tasks running", this::allRunning);

            List<String> changeTopics = new ArrayList<>();
            for (String table : CdcWriter.TABLES) {
                changeTopics.add(prefix + ".public." + table + ".hot");
                changeTopics.add(prefix + ".public." + table + ".cold");
            }
            // Faults only after the snapshot: a task restarted mid-snapshot starts it again on a new slot (known).
            awaitHealthy("the snapshot's " + 2 * SNAPSHOT_ROWS_PER_TABLE + " reads committed", () ->
                    changeTopics.stream().mapToLong(t -> Delivered.changesOnTopic(cluster, t, READ_TIMEOUT).stream()
                            .filter(c -> c.op().equals("r")).count()).sum() >= 2L * SNAPSHOT_ROWS_PER_TABLE);
            measured.put("snapshot done at", seconds(injections.now()));
            writer.start();
            awaitHealthy("the writer's first transactions", progressOf(writer, 20));

            injectFaults(pg, proxy, writer, s3, bucket, cdc, generator, eventsSink);

            writer.stop();
            measured.put("writer stopped at", seconds(injections.now()));
            verify(s3, bucket, prefix, events, changeTopics, writer, metrics, proxy);
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            writeReport(failure, metrics, proxy, writer);
            if (proxy != null) {
                LOG.info("Fault proxy: {}", proxy.summary());
                proxy.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------------------ faults

    private void injectFaults(PostgresTestServer pg, FaultInjectingProxy proxy, CdcWriter writer, S3TestServer s3,
                              String bucket, String cdc, String generator, String eventsSink) {
        // A burst of 503 SlowDown.
        double start = injections.now();
        long answered = proxy.answeredWith503();
        proxy.failWith503(30);
        awaitHealthy("30 requests answered 503", () -> proxy.answeredWith503() >= answered + 30);
        injections.record("S3 503 burst", "30 requests answered 503 SlowDown", start);

        // The CDC task's worker leaves; a worker joins again.
        start = injections.now();
        String victim = removeWorkerOf(cdc, 0);
        cluster.connect().addWorker();
        awaitHealthy("3 workers, everything running", () -> workers() == 3 && allRunning());
        injections.record("Worker stopped and a new one started", "the worker of the CDC task (" + victim + ")",
                start);

        // S3 unreachable for a minute; PostgreSQL restarts and workers come and go during it.
        double outageStart = injections.now();
        proxy.down();

        start = injections.now();
        long transactions = writer.transactions();
        pg.stop();
        pg.start();
        awaitHealthy("the writer committing again after the PostgreSQL restart",
                () -> writer.transactions() >= transactions + 20 && allRunning());
        injections.record("PostgreSQL restart", "stop, start on the same port and data", start);

        start = injections.now();
        cluster.connect().addWorker();
        awaitHealthy("4 workers, everything running", () -> workers() == 4 && allRunning());
        injections.record("Worker added", "a 4th worker joined", start);

        start = injections.now();
        victim = removeWorkerOf(eventsSink, 0);
        awaitHealthy("3 workers, everything running", () -> workers() == 3 && allRunning());
        injections.record("Worker removed", "the worker of events sink task 0 (" + victim + ")", start);

        long resetBefore = proxy.connectionsReset();
        awaitHealthy("the rest of the S3 outage", () -> injections.now() - outageStart >= S3_OUTAGE.toSeconds());
        proxy.up();
        injections.record("S3 down", "every connection reset, " + (proxy.connectionsReset() - resetBefore)
                + "+ of them while PostgreSQL and workers were restarted", outageStart);
        int objects = dataObjects(s3, bucket);
        awaitHealthy("new S3 objects after the outage", () -> dataObjects(s3, bucket) > objects);

        // Throttling: every request answered 503 SlowDown for a few seconds.
        start = injections.now();
        long answeredBefore = proxy.answeredWith503();
        double throttleStart = start;
        proxy.failWith503For(THROTTLING);
        awaitHealthy("throttling over", () -> injections.now() - throttleStart >= THROTTLING.toSeconds()
                && proxy.answeredWith503() > answeredBefore);
        injections.record("S3 throttling", (proxy.answeredWith503() - answeredBefore)
                + " requests answered 503 SlowDown", start);

        // Slow responses.
        start = injections.now();
        long delayedBefore = proxy.requestsDelayed();
        double slowStart = start;
        proxy.slow(Duration.ofMillis(400));
        awaitHealthy("slow phase over", () -> injections.now() - slowStart >= SLOW.toSeconds()
                && proxy.requestsDelayed() > delayedBefore);
        proxy.slow(Duration.ZERO);
        injections.record("S3 slow responses", (proxy.requestsDelayed() - delayedBefore)
                + " requests delayed 400 ms", start);

        // Connection resets: of the next requests, then of every open connection; and the generator's worker leaves.
        start = injections.now();
        long reset = proxy.connectionsReset();
        proxy.resetNext(10);
        awaitHealthy("10 requests reset", () -> proxy.connectionsReset() >= reset + 10);
        int open = proxy.resetConnections();
        injections.record("S3 connection resets", "the next 10 requests, then " + open + " open connection(s)",
                start);

        start = injections.now();
        victim = removeWorkerOf(generator, 1);
        cluster.connect().addWorker();
        awaitHealthy("3 workers, everything running", () -> workers() == 3 && allRunning());
        injections.record("Worker stopped and a new one started", "the worker of generator task 1 (" + victim + ")",
                start);
        // Last, and only on request: Connect itself does not reliably recover from it (see the report).
        long transactionsAtRestart = writer.transactions();
        if (BROKER_RESTART) {
            start = injections.now();
            kafka.server.BrokerServer broker = cluster.connect().kafka().runningBrokers().iterator().next();
            int brokerId = broker.config().brokerId();
            broker.shutdown();
            broker.awaitShutdown();
            broker.startup();
            awaitHealthy("all " + BROKERS + " brokers and every task running after the broker restart",
                    () -> cluster.connect().kafka().runningBrokers().size() == BROKERS && allRunning());
            injections.record("Kafka broker restart", "broker " + brokerId + " of " + BROKERS
                    + " stopped and restarted while data flowed (a rolling restart)", start);
        }
        int objectsNow = dataObjects(s3, bucket);
        awaitHealthy("new S3 objects after the last fault", () -> dataObjects(s3, bucket) > objectsNow
                && writer.transactions() > transactionsAtRestart);
    }

    // ------------------------------------------------------------------------------------------------ verification

    private void verify(S3TestServer s3, String bucket, String prefix, String events, List<String> changeTopics,
                        CdcWriter writer, SinkMetrics metrics, FaultInjectingProxy proxy) throws Exception {
        Map<String, CdcWriter.Change> committed = writer.committed();
        String eventsHot = events + ".hot";
        String eventsCold = events + ".cold";

        // Source side: everything reached Kafka (hot or cold), so that the sink's drain below is complete.
        awaitHealthy("every committed change and every event on a hot or cold topic", () -> {
            Set<String> seen = changeTopics.stream()
                    .flatMap(t -> Delivered.changesOnTopic(cluster, t, READ_TIMEOUT).stream())
                    .map(ChangeSeen::id).collect(Collectors.toSet());
            long eventCount = cluster.consumeAll(eventsHot, READ_TIMEOUT, Delivered.READ_COMMITTED).size()
                    + cluster.consumeAll(eventsCold, READ_TIMEOUT, Delivered.READ_COMMITTED).size();
            return seen.containsAll(committed.keySet()) && eventCount >= MAX_EVENTS;
        });
        measured.put("sources complete at", seconds(injections.now()));

        // Sink side: S3 holds every cold record with a value (up to each partition's last one).
        List<String> coldTopics = changeTopics.stream().filter(t -> t.endsWith(".cold")).toList();
        Map<String, Long> lastCold = new TreeMap<>();
        for (String topic : coldTopics) {
            Delivered.lastValueOffsets(cluster, topic, READ_TIMEOUT).forEach((p, o) -> lastCold.put(topic + "/" + p, o));
        }
        Delivered.lastValueOffsets(cluster, eventsCold, READ_TIMEOUT)
                .forEach((p, o) -> lastCold.put(eventsCold + "/" + p, o));
        Map<String, String> behind = new TreeMap<>();
        try {
            awaitHealthy("S3 holding the last cold record of every partition", () -> {
                Map<String, Long> inS3 = new HashMap<>(Delivered.lastOffsetsInS3(s3, bucket, CHANGES_DIR));
                inS3.putAll(Delivered.lastOffsetsInS3(s3, bucket, EVENTS_DIR));
                behind.clear();
                lastCold.forEach((partition, last) -> {
                    long stored = inS3.getOrDefault(partition, -1L);
                    if (stored < last) {
                        behind.put(partition, "last cold offset " + last + ", last in S3 " + stored);
                    }
                });
                return behind.isEmpty();
            });
        } catch (AssertionError e) {
            metrics.sample();
            throw new AssertionError("Partitions S3 stayed behind on: " + behind + "; most partitions paused in a"
                    + " task: " + metrics.maxPausedPartitions() + "\n" + e.getMessage(), e);
        }
        measured.put("S3 drained at", seconds(injections.now()));

        // PostgreSQL changes: hot topics + S3, by primary key and LSN, and by the writer's (pk, version, op).
        List<ChangeSeen> changes = new ArrayList<>();
        long hotChanges = 0;
        for (String topic : changeTopics) {
            if (topic.endsWith(".hot")) {
                List<ChangeSeen> hot = Delivered.changesOnTopic(cluster, topic, READ_TIMEOUT);
                hotChanges += hot.size();
                changes.addAll(hot);
            }
        }
        List<StoredRow> changeRows = Delivered.rows(s3, bucket, CHANGES_DIR);
        changeRows.stream().map(Delivered::change).forEach(changes::add);
        List<StoredRow> eventRows = Delivered.rows(s3, bucket, EVENTS_DIR);
        List<String> eventIds = new ArrayList<>(Delivered.eventIdsOnTopic(cluster, eventsHot, READ_TIMEOUT));
        int hotEvents = eventIds.size();
        eventRows.forEach(row -> eventIds.add(dev.tiered.connect.faults.pipeline.ParquetRows.string(row.row(),
                "event_id")));

        Map<String, Long> byPkAndLsn = changes.stream()
                .collect(Collectors.groupingBy(ChangeSeen::pkAndLsn, Collectors.counting()));
        Map<String, List<String>> duplicateChanges = changes.stream()
                .filter(c -> byPkAndLsn.get(c.pkAndLsn()) > 1)
                .collect(Collectors.groupingBy(ChangeSeen::pkAndLsn, TreeMap::new,
                        Collectors.mapping(c -> c.id() + " in " + c.where(), Collectors.toList())));
        Set<String> seenIds = changes.stream().map(ChangeSeen::id).collect(Collectors.toSet());
        Set<String> missingChanges = new java.util.TreeSet<>(committed.keySet());
        missingChanges.removeAll(seenIds);
        Set<String> unexpectedChanges = new java.util.TreeSet<>(seenIds);
        unexpectedChanges.removeAll(committed.keySet());

        Map<String, Long> byEventId = eventIds.stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        List<String> duplicateEvents = byEventId.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).sorted().toList();

        // The sink stored each cold offset once (no offset twice; the drain above covers the last ones).
        Set<String> storedOffsets = new HashSet<>();
        List<String> offsetsTwice = new ArrayList<>();
        for (StoredRow row : concat(changeRows, eventRows)) {
            if (!storedOffsets.add(row.topic() + "/" + row.partition() + "/" + row.offset())) {
                offsetsTwice.add(row.topic() + "/" + row.partition() + "@" + row.offset() + " (" + row.key() + ")");
            }
        }
        long dlqRecords = countIfExists(prefix + ".cold.dlq") + countIfExists(eventsCold + ".dlq");
        metrics.sample();
        long s3Bytes = s3.list(bucket, CHANGES_DIR + "/").stream().mapToLong(o -> o.size()).sum()
                + s3.list(bucket, EVENTS_DIR + "/").stream().mapToLong(o -> o.size()).sum();
        int objects = dataObjects(s3, bucket);

        measured.put("PostgreSQL changes committed", committed.size() + " (" + 2 * SNAPSHOT_ROWS_PER_TABLE
                + " snapshot reads, " + writer.transactions() + " transactions; " + writer.interrupted()
                + " cut off by the PostgreSQL restart, of which " + writer.interruptedButCommitted() + " committed)");
        measured.put("PostgreSQL changes delivered", changes.size() + " (" + hotChanges + " hot, "
                + changeRows.size() + " cold in S3)");
        measured.put("generated events delivered", eventIds.size() + " of " + MAX_EVENTS + " (" + hotEvents
                + " hot, " + eventRows.size() + " cold in S3)");
        measured.put("S3 data objects", objects + ", " + s3Bytes + " bytes (with markers)");
        measured.put("lost", missingChanges.size() + " changes, " + (MAX_EVENTS - byEventId.size()) + " events");
        measured.put("duplicated", duplicateChanges.size() + " changes (by pk + LSN), " + duplicateEvents.size()
                + " events (by event_id), " + offsetsTwice.size() + " Kafka offsets twice in S3");
        measured.put("unexpected changes (not committed by the writer)", Integer.toString(unexpectedChanges.size()));
        measured.put("records in the sinks' DLQs", Long.toString(dlqRecords));

        LOG.info("Pipeline faults: {}", measured);
        assertThat(duplicateChanges).as("changes delivered twice (by primary key and LSN)").isEmpty();
        assertThat(missingChanges).as("committed changes missing from hot topics and S3").isEmpty();
        assertThat(unexpectedChanges).as("changes delivered that the writer never committed").isEmpty();
        assertThat(changes).as("every change once").hasSize(committed.size());
        assertThat(duplicateEvents).as("events delivered twice (by event_id)").isEmpty();
        assertThat(byEventId).as("distinct events delivered").hasSize((int) MAX_EVENTS);
        assertThat(offsetsTwice).as("cold offsets stored twice").isEmpty();
        assertThat(dlqRecords).as("records in the dead letter queues").isZero();
        assertThat(allRunning()).as("no task FAILED at the end:\n%s", describeAll()).isTrue();
        assertThat(metrics.memoryBudget()).as("the sink's memory budget, on JMX").isEqualTo(MEMORY_BUDGET);
        assertThat(metrics.memoryPeak()).as("the sink's memory peak, on JMX").isPositive()
                .isLessThanOrEqualTo(MEMORY_BUDGET);
        assertThat(proxy.answeredWith503()).as("503s injected").isGreaterThanOrEqualTo(30);
        assertThat(proxy.connectionsReset()).as("connections reset").isGreaterThanOrEqualTo(10);
        assertThat(proxy.requestsDelayed()).as("requests slowed").isPositive();
        long objectsCounted = connectorTasks.keySet().stream()
                .mapToLong(c -> metrics.total(c, "objects-written-total")).sum();
        measured.put("objects written per the sinks' metrics", Long.toString(objectsCounted));
        assertThat(objectsCounted).as("objects written per the sinks' metrics (a lower bound: task instances stopped"
                + " between samples)").isLessThanOrEqualTo(objects);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String start(String role, Map<String, String> config, int tasks) {
        String name = TestNames.unique(role);
        config.put("tasks.max", Integer.toString(tasks));
        cluster.connect().configureConnector(name, config);
        connectorTasks.put(name, tasks);
        return name;
    }

    /** Every connector RUNNING with all its tasks RUNNING; a FAILED one fails the test at once, with its trace. */
    private boolean allRunning() {
        boolean running = true;
        for (Map.Entry<String, Integer> connector : connectorTasks.entrySet()) {
            ConnectorStateInfo status = cluster.connect().connectorStatus(connector.getKey());
            boolean failed = "FAILED".equals(status.connector().state())
                    || status.tasks().stream().anyMatch(t -> "FAILED".equals(t.state()));
            if (failed) {
                throw new AssertionError("A connector or task FAILED:\n"
                        + cluster.describeConnector(connector.getKey()));
            }
            running &= "RUNNING".equals(status.connector().state()) && status.tasks().size() == connector.getValue()
                    && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
        }
        return running;
    }

    private String describeAll() {
        return connectorTasks.keySet().stream().map(cluster::describeConnector).collect(Collectors.joining("\n"));
    }

    /** Waits for {@code condition}, failing at once if a connector or task FAILED. */
    private void awaitHealthy(String description, Callable<Boolean> condition) {
        long begin = System.nanoTime();
        try {
            awaitOrTimeout(description, condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String status;
            try {
                status = describeAll() + "\nhealthy workers: " + workers();
            } catch (RuntimeException statusFailure) {
                status = "status unavailable: " + statusFailure;
            }
            throw new AssertionError("Not " + description + " within " + TIMEOUT + "; connectors now:\n" + status, e);
        }
        LOG.info("Pipeline faults: {} after {} ms (at {} s)", description, (System.nanoTime() - begin) / 1_000_000,
                Math.round(injections.now()));
    }

    private void awaitOrTimeout(String description, Callable<Boolean> condition) {
        Awaitility.await(description).atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> !(e instanceof AssertionError))
                .until(() -> {
                    for (String connector : connectorTasks.keySet()) {
                        ConnectorStateInfo status = cluster.connect().connectorStatus(connector);
                        if ("FAILED".equals(status.connector().state())
                                || status.tasks().stream().anyMatch(t -> "FAILED".equals(t.state()))) {
                            throw new AssertionError("While awaiting " + description + ", a connector or task"
                                    + " FAILED:\n" + cluster.describeConnector(connector));
                        }
                    }
                    return condition.call();
                });
    }

    private static Callable<Boolean> progressOf(CdcWriter writer, long transactions) {
        long before = writer.transactions();
        return () -> writer.transactions() >= before + transactions;
    }

    private int workers() {
        return cluster.connect().healthyWorkers().size();
    }

    /** Removes the worker running task {@code task} of {@code connector}; returns its id. */
    private String removeWorkerOf(String connector, int task) {
        String workerId = cluster.connect().connectorStatus(connector).tasks().stream().filter(t -> t.id() == task)
                .findFirst().orElseThrow().workerId();
        int port = Integer.parseInt(workerId.substring(workerId.lastIndexOf(':') + 1));
        WorkerHandle victim = cluster.connect().workers().stream().filter(w -> w.url().getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " among " + cluster.restUrls()));
        cluster.connect().removeWorker(victim);
        return workerId;
    }

    private static int dataObjects(S3TestServer s3, String bucket) {
        return Delivered.dataKeys(s3, bucket, CHANGES_DIR).size() + Delivered.dataKeys(s3, bucket, EVENTS_DIR).size();
    }

    private long countIfExists(String topic) {
        return cluster.consumeAll(topic, READ_TIMEOUT).size();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    // ------------------------------------------------------------------------------------------------ report

    private void writeReport(Throwable failure, SinkMetrics metrics, FaultInjectingProxy proxy, CdcWriter writer) {
        StringBuilder md = new StringBuilder();
        md.append("One run of `PipelineFaultsIT`: a 3-worker Connect cluster (`exactly.once.source.support=enabled`)"
                + " running the PostgreSQL CDC source (tables `orders` and `payments`, REPLICA IDENTITY FULL) and the"
                + " event generator (`max.events` = ").append(MAX_EVENTS).append(", ").append(EVENTS_PER_SECOND)
                .append("/s), both with the PriorityRouter as in `config-examples/`, and two S3 sinks on the cold"
                        + " topics (2 tasks each, `memory.budget.bytes` = ").append(MEMORY_BUDGET)
                .append(", `isolation.level=read_committed`) writing to s3proxy through the fault-injecting proxy."
                        + " A writer commits inserts, updates and deletes throughout (4 per transaction, every ")
                .append(WRITER_PAUSE_MS).append(" ms). Faults start once the snapshot is complete (a CDC task"
                        + " restarted mid-snapshot starts it again on a new slot and folds concurrent changes into"
                        + " its reads: a known limitation). Changes are counted by primary key plus `source.lsn` and"
                        + " by the writer's (table, pk, version, op); events by `event_id`; hot topics read with"
                        + " `read_committed`. Kafka runs " + BROKERS + " brokers (replication factor " + BROKERS
                        + ", `min.insync.replicas` 2, for the Connect internal topics, the transaction log and"
                        + " every data topic); the broker restart, ").append(BROKER_RESTART ? "on" : "off")
                .append(" in this run, stops one broker while data flows and starts it again (a rolling"
                        + " restart, as in production). A restart of a single-broker cluster (a full Kafka outage)"
                        + " is not part of it: Kafka Connect 4.3.1 with exactly-once source support did not reliably"
                        + " recover from that (restarted tasks waited on the stopped tasks' open transactions in"
                        + " `KafkaOffsetBackingStore.start`). The sink's metrics start from zero with every task"
                        + " instance, so the sums below are lower bounds.\n\n");
        md.append("**Result: ").append(failure == null ? "passed" : "FAILED").append(".**");
        if (failure != null) {
            md.append(" `").append(String.valueOf(failure.getMessage()).lines().limit(6)
                    .collect(Collectors.joining(" ")).replace("|", "\\|").replace("`", "'")).append("`");
        }
        md.append("\n\n### Injections\n\n").append(injections.markdownTable());
        md.append("\n### Data\n\n| Measure | Value |\n|---|---|\n");
        measured.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (metrics != null) {
            md.append("| sink memory peak / budget (JMX, highest of any task) | ").append(metrics.memoryPeak())
                    .append(" / ").append(metrics.memoryBudget()).append(" bytes |\n");
            md.append("| most partitions paused at once in a task | ").append(metrics.maxPausedPartitions())
                    .append(" |\n");
            for (String counter : SinkMetrics.COUNTERS) {
                long total = 0;
                for (String connector : connectorTasks.keySet()) {
                    total += metrics.total(connector, counter);
                }
                md.append("| sink `").append(counter).append("` (sum over task instances, lower bound) | ")
                        .append(total).append(" |\n");
            }
        }
        if (proxy != null) {
            md.append("| fault proxy | ").append(proxy.summary().replace("|", "\\|")).append(" |\n");
        }
        try {
            ReliabilityReport.writeSection("pipeline-faults", "Worker, broker, PostgreSQL and S3 faults under load",
                    PipelineFaultsIT.class, md.toString());
        } catch (RuntimeException e) {
            LOG.error("Could not write the reliability report", e);
        }
        LOG.info("Pipeline faults report:\n{}", md);
    }
}
